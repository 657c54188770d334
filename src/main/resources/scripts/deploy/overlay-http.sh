# HTTP requests from inside the stack (org.crvsops.deploy.OverlayRequests): run by `sh -c` in one short-lived
# container on the stack's overlay network, from an image of the release that is on the manager (its
# curlimages/curl, Alpine's busybox: sh, wget, nslookup, nc, awk, sed, timeout). Services are reached as
# tasks.NAME, each task at its own address: a service's virtual IP would reach one task only (and the lab has no
# IPVS to reach any). Prints one line per answer, "answer NAME ADDRESS STATUS DETAIL" (STATUS: the HTTP status or
# -), and never a token or a body it was not asked for.
#   get NAME PORT PATH [NAME PORT PATH ...]   GET each task of each service
#   post-json NAME PORT PATH JSON             POST JSON to the service's first task
#   reindex AUTH PORT EVENTS PORT             POST events' /events/reindex with a reindexing token of auth, and
#                                             wait for its answer (a rebuild answers when done: run detached)
#   reindex-status AUTH PORT EVENTS PORT      GET events' /events/reindex: its answer, then "body <its JSON>"
#   basic NAME PORT METHOD PATH FILE [...]    each request to the service's first task with HTTP basic auth, the
#                                             credential (USER:PASSWORD) the first line of standard input, and
#                                             kbn-xsrf: true (Kibana's); FILE, unless -, sent as the form field
#                                             "file" (multipart/form-data). A GET's or upload's answer is followed
#                                             by "body <its JSON>"
# As upstream's infrastructure/deployment/reindex.sh: the token from auth's /internal/reindexing-token, as a bearer
# token; as its setup-elastalert-indices.sh and Kibana's setup-config.sh: elastic's password, but from standard
# input, not curl -u. Either stays in this shell: the request is written by the shell's own printf into nc, so no
# process's arguments hold it, and it is never printed.
set -u

addresses() { # addresses NAME: the IPv4 address of each task of the service NAME, one a line
  nslookup "tasks.$1" 2>/dev/null | awk '/^Name:/ { named = 1; next }
    named && /^Address/ && match($0, /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/) { print substr($0, RSTART, RLENGTH) }'
}

answer() { # answer NAME ADDRESS WGET-ARGS...: one line for one request (busybox wget -T crashes in some builds)
  name=$1 address=$2
  shift 2
  out=$(timeout 5 wget -S -q -O /dev/null "$@" 2>&1)
  status=$(printf '%s\n' "$out" | sed -n 's/^ *HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' | tail -n 1)
  if [ -n "$status" ]; then
    echo "answer $name $address $status $(printf '%s\n' "$out" | sed -n 's/^ *HTTP\/[0-9.]* [0-9]* *//p' | tail -n 1)"
  else
    echo "answer $name $address - $(printf '%s\n' "$out" | tail -n 1 | tr -d '\r')"
  fi
}

each_task() { # each_task NAME PORT PATH WGET-ARGS...: answer for each task, or why there is none
  name=$1 port=$2 path=$3
  shift 3
  found=$(addresses "$name")
  if [ -z "$found" ]; then
    echo "answer $name - - tasks.$name does not resolve: no task of the service runs on this network"
    return
  fi
  for address in $found; do answer "$name" "$address" "$@" "http://$address:$port$path"; done
}

token() { # token AUTH-ADDRESS PORT: a reindexing token of auth, or nothing
  timeout 10 wget -q -O - "http://$1:$2/internal/reindexing-token" 2>/dev/null \
    | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p'
}

boundary=crvs-ops-form-8f2c1e
form_head() { # form_head FILE: the form part's head (CRLF line ends)
  printf '%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n' \
    "--$boundary" "${1##*/}"
}
form_tail() { printf '\r\n%s\r\n' "--$boundary--"; }

request() { # request METHOD ADDRESS PORT PATH AUTHORIZATION WAIT [FILE]: the whole answer, headers first, CRs removed
  {
    if [ -n "${7:-}" ]; then
      printf '%s %s HTTP/1.0\r\nHost: %s:%s\r\nAuthorization: %s\r\nkbn-xsrf: true\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %s\r\n\r\n' \
        "$1" "$4" "$2" "$3" "$5" "$boundary" $(($(form_head "$7" | wc -c) + $(wc -c <"$7") + $(form_tail | wc -c)))
      form_head "$7"
      cat "$7"
      form_tail
    else
      length=
      [ "$1" = POST ] && length='Content-Length: 0\r\n'
      printf "%s %s HTTP/1.0\r\nHost: %s:%s\r\nAuthorization: %s\r\nkbn-xsrf: true\r\nContent-Type: application/json\r\n$length\r\n" \
        "$1" "$4" "$2" "$3" "$5"
    fi
  } | timeout "$6" nc "$2" "$3" | tr -d '\r'
}

print_answer() { # print_answer NAME ADDRESS ANSWER [body]: the answer line, and with "body" its body on one line
  status=$(printf '%s\n' "$3" | sed -n '1s/^HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p')
  if [ -z "$status" ]; then
    echo "answer $1 $2 - no HTTP answer from $2"
    return
  fi
  echo "answer $1 $2 $status $(printf '%s\n' "$3" | sed -n '1s/^HTTP\/[0-9.]* [0-9]* *//p')"
  [ "${4:-}" = body ] && echo "body $(printf '%s\n' "$3" | sed '1,/^$/d' | tr -d '\n')"
  return 0
}

reindex_call() { # reindex_call METHOD WAIT AUTH PORT EVENTS PORT: prints the answer line, then the body
  auth=$(addresses "$3" | head -n 1) events=$(addresses "$5" | head -n 1)
  if [ -z "$auth" ] || [ -z "$events" ]; then
    echo "answer $5 - - tasks.$3 or tasks.$5 does not resolve: no task of the service runs on this network"
    return
  fi
  t=$(token "$auth" "$4")
  if [ -z "$t" ]; then
    echo "answer $3 $auth - auth gave no reindexing token (GET /internal/reindexing-token)"
    return
  fi
  print_answer "$5" "$events" "$(request "$1" "$events" "$6" /events/reindex "Bearer $t" "$2")" body
}

basic() { # basic NAME PORT METHOD PATH FILE ...: with the credential on standard input's first line
  IFS= read -r credential
  authorization="Basic $(printf '%s' "$credential" | base64 | tr -d '\n')"
  credential=
  name=$1 port=$2
  shift 2
  address=$(addresses "$name" | head -n 1)
  if [ -z "$address" ]; then
    echo "answer $name - - tasks.$name does not resolve: no task of the service runs on this network"
    return
  fi
  while [ $# -ge 3 ]; do
    file=$3 show=
    [ "$file" = - ] && file=
    { [ "$1" = GET ] || [ -n "$file" ]; } && show=body
    print_answer "$name" "$address" "$(request "$1" "$address" "$port" "$2" "$authorization" 60 ${file:+"$file"})" $show
    shift 3
  done
}

case ${1:-} in
  get)
    shift
    while [ $# -ge 3 ]; do
      each_task "$1" "$2" "$3"
      shift 3
    done ;;
  post-json)
    address=$(addresses "$2" | head -n 1)
    if [ -z "$address" ]; then
      echo "answer $2 - - tasks.$2 does not resolve: no task of the service runs on this network"
    else
      answer "$2" "$address" --header 'Content-Type: application/json' --post-data "$5" "http://$address:$3$4"
    fi ;;
  reindex) reindex_call POST 3600 "$2" "$3" "$4" "$5" ;;
  reindex-status) reindex_call GET 20 "$2" "$3" "$4" "$5" ;;
  basic) shift; basic "$@" ;;
  *) echo "overlay-http: unknown request '${1:-}': get, post-json, reindex, reindex-status or basic" >&2; exit 2 ;;
esac
