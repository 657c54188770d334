#!/bin/bash
# crvs-ops test fixture: cluster settings applied after the users, shortened.
set -eu
curl -sSf -u "elastic:${ELASTIC_PASSWORD}" -X PUT "http://${ELASTICSEARCH_HOST}:9200/_cluster/settings" \
  -H 'Content-Type: application/json' -d '{"persistent": {"action.destructive_requires_name": true}}' >/dev/null
