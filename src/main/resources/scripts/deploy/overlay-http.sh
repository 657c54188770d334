# HTTP requests from inside the stack (org.crvsops.deploy.OverlayRequests): run by `sh -c` in one short-lived
# container on the stack's overlay network, from an image of the release that is on the manager (its
# curlimages/curl, Alpine's busybox: sh, wget, nslookup, nc, awk, sed, timeout). Services are reached as
# tasks.NAME, each task at its own address: a service's virtual IP would reach one task only (and the lab has no
# IPVS to reach any). Prints one line per answer, "answer NAME ADDRESS STATUS DETAIL" (STATUS: the HTTP status or
# -), and never a token or a body it was not asked for.
#   get NAME PORT PATH [NAME PORT PATH ...]   GET each task of each service
#   post-json NAME PORT PATH JSON             POST JSON to the service's first task
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
  *) echo "overlay-http: unknown request '${1:-}': get or post-json" >&2; exit 2 ;;
esac
