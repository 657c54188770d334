#!/bin/busybox sh
# Answers one HTTP request on standard input and output (busybox nc -ll -e runs it per connection).
# /ping answers 200, and 503 on the gateway until its dependencies accept connections (gateway.sh);
# / and the health paths of the real stores answer 200 too; any other path is not in a stand-in: 404.
cr=$(printf '\r')
IFS=' ' read -r -t 5 method path _ || exit 0 # no request: a TCP probe
path=${path%"$cr"}
while IFS= read -r -t 5 line && [ -n "${line%"$cr"}" ]; do :; done # the headers, unread they would reset the connection

reply() { # reply STATUS REASON BODY
  printf 'HTTP/1.1 %s %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' \
    "$1" "$2" "${#3}"
  [ "$method" = HEAD ] || printf '%s' "$3"
}

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
