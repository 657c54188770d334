#!/bin/busybox sh
# Answers one HTTP request on standard input and output (busybox nc -ll -e runs it per connection).
# /ping answers 200, and 503 on the gateway until its dependencies accept connections (gateway.sh);
# / and the health paths of the real stores answer 200 too; any other path is not in a stand-in: 404.
# What crvs-ops asks after a deploy, as upstream's services answer it: auth's GET /internal/reindexing-token, events'
# POST and GET /events/reindex (with that token), countryconfig's POST /email; Elasticsearch's GET / and the DELETE
# of elastalert's indices, Kibana's alerting rules and saved-object import, each with elastic's password (basic auth).
cr=$(printf '\r')
token=standin-reindexing-token
IFS=' ' read -r -t 5 method path _ || exit 0 # no request: a TCP probe
path=${path%"$cr"}
authorization= length=0 xsrf=
while IFS= read -r -t 5 line && [ -n "${line%"$cr"}" ]; do # the headers, unread they would reset the connection
  line=${line%"$cr"}
  case $line in
    [Aa]uthorization:*) authorization=${line#*: } ;;
    [Cc]ontent-[Ll]ength:*) length=${line#*: } ;;
    [Kk]bn-[Xx]srf:*) xsrf=yes ;;
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

elastic() { # true when the request's basic auth is elastic's password (ELASTIC_PASSWORD, as the real image reads it)
  [ -n "${ELASTIC_PASSWORD:-}" ] &&
    [ "$authorization" = "Basic $(printf '%s' "elastic:$ELASTIC_PASSWORD" | busybox base64 | busybox tr -d '\n')" ]
}

elasticsearch() { # GET / and _security/_authenticate; DELETE of elastalert's indices (missing ones ignored when asked)
  if ! elastic; then
    reply 401 Unauthorized '{"error":"missing or wrong authentication credentials","status":401,"standin":true}'
    return
  fi
  case "$method ${path%%\?*}" in
    "GET /" | "GET /_security/_authenticate") reply 200 OK '{"username":"elastic","standin":true}' ;;
    "DELETE /elastalert_status"*)
      case $path in
        *'?ignore_unavailable=true'*) say "DELETE ${path%%\?*}: elastalert's indices deleted"; reply 200 OK '{"acknowledged":true}' ;;
        *) reply 404 'Not Found' '{"error":"index_not_found_exception","status":404,"standin":true}' ;;
      esac ;;
    *) reply 404 'Not Found' '{"error":"not served by a stand-in","standin":true}' ;;
  esac
}

by_elasticsearch() { # true when Elasticsearch takes the request's credentials, as the real Kibana asks it
  . "$STANDIN_HOME/lib.sh"
  printf 'GET /_security/_authenticate HTTP/1.0\r\nAuthorization: %s\r\n\r\n' "$authorization" |
    busybox timeout 5 busybox nc "$(address elasticsearch)" "$(port 9200)" 2>/dev/null | busybox head -n 1 |
    busybox grep -q '^HTTP/[0-9.]* 200'
}

kibana() { # its alerting rules (a file of ids) and the saved-object import that adds the ndjson's alerts
  rules=$STANDIN_STATE/kibana-rules
  busybox mkdir -p "$STANDIN_STATE"
  [ -e "$rules" ] || echo standin-rule-from-before >"$rules"
  if ! by_elasticsearch; then
    reply 401 Unauthorized '{"statusCode":401,"error":"Unauthorized","standin":true}'
    return
  fi
  if [ "$method" != GET ] && [ -z "$xsrf" ]; then
    reply 400 'Bad Request' '{"statusCode":400,"message":"Request must contain a kbn-xsrf header.","standin":true}'
    return
  fi
  route=${path%%\?*} id=${path#/api/alerting/rule/}
  id=${id%/_disable} && id=${id%/_enable}
  case "$method $route" in
    "GET /api/alerting/rules/_find")
      data=$(busybox sed 's/.*/{"id":"&","enabled":true}/' "$rules" | busybox tr '\n' ,)
      data=${data%,}
      reply 200 OK "{\"page\":1,\"per_page\":100,\"total\":$(busybox wc -l <"$rules"),\"data\":[$data]}" ;;
    "POST /api/saved_objects/_import")
      body=
      [ "$length" -eq 0 ] || body=$(busybox head -c "$length")
      case $body in
        *'name="file"'*) ;;
        *) reply 400 'Bad Request' '{"statusCode":400,"message":"file is required","standin":true}'; return ;;
      esac
      printf '%s\n' "$body" | busybox grep '"type":"alert"' | busybox sed -n 's/.*"id":"\([^"]*\)".*/\1/p' >>"$rules"
      busybox sort -u -o "$rules" "$rules"
      say "POST /api/saved_objects/_import: $(busybox wc -l <"$rules") alerting rules now"
      reply 200 OK "{\"success\":true,\"successCount\":$(printf '%s\n' "$body" | busybox grep -c '"type":')}" ;;
    "DELETE /api/alerting/rule/$id" | "POST /api/alerting/rule/$id/_disable" | "POST /api/alerting/rule/$id/_enable")
      if ! busybox grep -qx -- "$id" "$rules"; then
        reply 404 'Not Found' '{"statusCode":404,"error":"Not Found","standin":true}'
      elif [ "$method" = DELETE ]; then
        busybox grep -vx -- "$id" "$rules" >"$rules.new"; busybox mv "$rules.new" "$rules"
        say "alerting rule $id deleted"; reply 204 'No Content' ''
      else
        say "alerting rule $id ${route##*/_}d"; reply 204 'No Content' ''
      fi ;;
    *) reply 404 'Not Found' '{"error":"not served by a stand-in","standin":true}' ;;
  esac
}

case "${STANDIN_FOR:-} $method ${path%%\?*}" in
  *elasticsearch:*" GET /_cluster/health") ;; # unauthenticated, as the setup job's stand-in asks it: below
  *elasticsearch:*) elasticsearch; exit 0 ;;
  *kibana:*" GET /api/status") ;;
  *kibana:*" "*" /api/"*) kibana; exit 0 ;;
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
