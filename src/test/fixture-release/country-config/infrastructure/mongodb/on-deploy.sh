#!/bin/bash
# crvs-ops test fixture: mongo-on-update's script, shortened (Docker config mongo-on-deploy). Upstream's
# initiates the replica set of REPLICAS members and creates each service's user or sets this deploy's
# password; passwords come from the environment, never from arguments.
set -eu
if ! [[ "${REPLICAS:-}" =~ ^[0-9]+$ ]] || [ "$REPLICAS" -lt 1 ]; then
  echo "REPLICAS must be a positive integer" >&2
  exit 1
fi
members=""
for ((i = 1; i <= REPLICAS; i++)); do
  members="${members}${members:+,}{_id:$((i - 1)),host:\"mongo${i}:27017\"}"
done
auth=(--username "$MONGODB_ADMIN_USER" --password "$MONGODB_ADMIN_PASSWORD" --authenticationDatabase admin)
mongo "${auth[@]}" --host mongo1 --eval "rs.initiate({_id:\"rs0\",members:[${members}]})" || true
for user in config hearth user-mgnt openhim performance metrics webhooks notification events; do
  var="$(echo "$user" | tr 'a-z-' 'A-Z_')_MONGODB_PASSWORD"
  echo "setting the password of MongoDB user $user"
  mongo "${auth[@]}" --host "rs0/mongo1" --quiet admin \
    --eval "db.getSiblingDB('admin').updateUser('$user', {pwd: '${!var}'})"
done
