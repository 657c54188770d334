#!/bin/bash
# crvs-ops test fixture: sets the built-in users' and OpenCRVS's users' passwords of this deploy,
# shortened. Fails, and Swarm runs it again, while Elasticsearch is starting.
set -eu
es="http://${ELASTICSEARCH_HOST}:9200"
set_password() { # set_password USER PASSWORD
  curl -sSf -u "elastic:${ELASTIC_PASSWORD}" -X POST "$es/_security/user/$1/_password" \
    -H 'Content-Type: application/json' --data-binary @- >/dev/null <<JSON
{"password": "$2"}
JSON
}
set_password kibana_system "$KIBANA_SYSTEM_PASSWORD"
set_password beats_system "$METRICBEAT_ELASTIC_PASSWORD"
set_password apm_system "$APM_ELASTIC_PASSWORD"
set_password "$SEARCH_ELASTIC_USERNAME" "$SEARCH_ELASTIC_PASSWORD"
set_password "$KIBANA_USERNAME" "$KIBANA_PASSWORD"
