#!/bin/bash
# crvs-ops test fixture: the factory reset, with upstream's arguments and variables
# (./clear-all-data.sh REPLICAS, credentials in the environment). Upstream drops every MongoDB
# database, Elasticsearch index, InfluxDB series, MinIO object and the PostgreSQL events database;
# this stand-in checks its input, names (never prints) what is missing, and leaves a mark for tests.
set -eu

print_usage_and_exit() {
  echo 'Usage: ./clear-all-data.sh REPLICAS' >&2
  echo 'Credentials as environment variables: MONGODB_ADMIN_USER, MONGODB_ADMIN_PASSWORD,' >&2
  echo 'ELASTICSEARCH_ADMIN_USER, ELASTICSEARCH_ADMIN_PASSWORD, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD,' >&2
  echo 'POSTGRES_USER, POSTGRES_PASSWORD' >&2
  exit 1
}

if [ -z "${1:-}" ]; then
  echo 'Error: Argument REPLICAS is required in position 1.' >&2
  print_usage_and_exit
fi
REPLICAS=$1
if ! [[ "$REPLICAS" =~ ^[0-9]+$ ]]; then
  echo "Script must be passed a positive integer number of replicas. Got '$REPLICAS'" >&2
  print_usage_and_exit
fi

missing=""
for name in MONGODB_ADMIN_USER MONGODB_ADMIN_PASSWORD ELASTICSEARCH_ADMIN_USER ELASTICSEARCH_ADMIN_PASSWORD \
  MINIO_ROOT_USER MINIO_ROOT_PASSWORD POSTGRES_USER POSTGRES_PASSWORD; do
  [ -n "${!name:-}" ] || missing="$missing $name"
done
if [ -n "$missing" ]; then
  echo "Error: environment variables must be set:$missing" >&2
  print_usage_and_exit
fi

echo "clear-all-data REPLICAS=$REPLICAS" > /data/fixture-factory-reset
echo "All data cleared."
