#!/bin/busybox sh
# Answers one HTTP request on standard input and output (busybox nc -ll -e runs it per connection).
# /ping answers 200, and 503 on the gateway until its dependencies accept connections (gateway.sh);
# / and the health paths of the real stores answer 200 too; any other path is not in a stand-in: 404.
# What crvs-ops asks after a deploy, as upstream's services answer it: auth's GET /internal/reindexing-token, events'
# POST and GET /events/reindex (with that token), countryconfig's POST /email.
cr=$(printf '\r')
token=standin-reindexing-token
IFS=' ' read -r -t 5 method path _ || exit 0 # no request: a TCP probe
path=${path%"$cr"}
authorization= length=0
while IFS= read -r -t 5 line && [ -n "${line%"$cr"}" ]; do # the headers, unread they would reset the connection
  line=${line%"$cr"}
  case $line in
    [Aa]uthorization:*) authorization=${line#*: } ;;
    [Cc]ontent-[Ll]ength:*) length=${line#*: } ;;
  esac
done
case $length in '' | *[!0-9]*) length=0 ;; esac

reply() { # reply STATUS REASON BODY
  printf 'HTTP/1.1 %s %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' \
    "$1" "$2" "${#3}"
  [ "$method" = HEAD ] || printf '%s' "$3"
}

say() { # say TEXT: a line in the service's log (standard output is the connection)
  echo "stand-in for ${STANDIN_FOR:-?}: $*" >&2
}

reindex() { # events: POST rebuilds the search index (done at once), GET lists the rebuilds; both need the token
  if [ "$authorization" != "Bearer $token" ]; then
    reply 401 Unauthorized '{"error":"Unauthorized","standin":true}'
  elif [ "$method" = POST ]; then
    busybox mkdir -p "$STANDIN_STATE"
    busybox date -u +%Y-%m-%dT%H:%M:%S.000Z >"$STANDIN_STATE/reindexed"
    say "POST /events/reindex: search index rebuilt (nothing to index)"
    reply 200 OK '{}'
  elif [ -e "$STANDIN_STATE/reindexed" ]; then
    read -r at <"$STANDIN_STATE/reindexed"
    reply 200 OK "[{\"timestamp\":\"$at\",\"status\":\"completed\",\"progress\":{\"processed\":0}}]"
  else
    reply 200 OK '[]'
  fi
}

mail() { # countryconfig: upstream's payload (subject, html, from, to) is accepted and sent nowhere
  body=
  [ "$length" -eq 0 ] || body=$(busybox head -c "$length")
  case $body in
    *'"subject"'*'"html"'*'"from"'*'"to"'*) say "POST /email: a mail accepted (a stand-in sends none)"; reply 200 OK '' ;;
    *) reply 400 'Bad Request' '{"error":"subject, html, from and to are required","standin":true}' ;;
  esac
}

case "${STANDIN_FOR:-} $method ${path%%\?*}" in
  *ocrvs-auth:*" GET /internal/reindexing-token") reply 200 OK "{\"token\":\"$token\"}"; exit 0 ;;
  *ocrvs-events:*" /events/reindex") reindex; exit 0 ;;
  *opencrvs-farajaland:*" POST /email") mail; exit 0 ;;
esac

case ${path%%\?*} in
  /ping)
    if [ "$STANDIN_KIND" = gateway ] && [ ! -e "$STANDIN_STATE/ready" ]; then
      reply 503 'Service Unavailable' '{"success":false,"standin":true,"waiting":"events, postgres, elasticsearch, countryconfig"}'
    else
      reply 200 OK '{"success":true,"standin":true}'
    fi ;;
  /_cluster/health) reply 200 OK '{"cluster_name":"docker-cluster","status":"green","number_of_nodes":1,"standin":true}' ;;
  / | /api/status | /api/health | /minio/health/live | /minio/health/ready | /health) reply 200 OK '{"status":"ok","standin":true}' ;;
  *) reply 404 'Not Found' '{"error":"not served by a stand-in","standin":true}' ;;
esac
