#!/bin/bash
# crvs-ops test fixture: postgres-on-update's first script, shortened (Docker config postgres-on-deploy).
# Creates the events database and its roles, or sets this deploy's passwords of the roles.
set -euo pipefail
: "${POSTGRES_HOST:=postgres}"
: "${POSTGRES_PORT:=5432}"
: "${POSTGRES_USER:?Must set POSTGRES_USER}"
: "${POSTGRES_PASSWORD:?Must set POSTGRES_PASSWORD}"
: "${EVENTS_MIGRATOR_POSTGRES_PASSWORD:?Must set EVENTS_MIGRATOR_POSTGRES_PASSWORD}"
: "${EVENTS_APP_POSTGRES_PASSWORD:?Must set EVENTS_APP_POSTGRES_PASSWORD}"
: "${KEEP_ALIVE_SECONDS:=0}" # Swarm counts a task that exits at once as failed
export PGPASSWORD="$POSTGRES_PASSWORD"
until psql -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d postgres -c '\q' 2>/dev/null; do
  sleep 2
done
sleep "$KEEP_ALIVE_SECONDS"
psql -v ON_ERROR_STOP=1 -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d postgres <<SQL
SELECT 'CREATE DATABASE events' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'events')\gexec
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'events_migrator') THEN CREATE ROLE events_migrator LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'events_app') THEN CREATE ROLE events_app LOGIN; END IF;
END \$\$;
ALTER ROLE events_migrator WITH PASSWORD '${EVENTS_MIGRATOR_POSTGRES_PASSWORD}';
ALTER ROLE events_app WITH PASSWORD '${EVENTS_APP_POSTGRES_PASSWORD}';
SQL
