#!/bin/bash
# crvs-ops test fixture: postgres-on-update's second script, shortened (Docker config
# postgres-analytics-on-deploy). Creates the analytics role Metabase reads with, or sets its password.
set -euo pipefail
: "${POSTGRES_HOST:=localhost}"
: "${POSTGRES_PORT:=5432}"
: "${POSTGRES_USER:?Must set POSTGRES_USER}"
: "${POSTGRES_PASSWORD:?Must set POSTGRES_PASSWORD}"
: "${ANALYTICS_POSTGRES_USER:?Must set ANALYTICS_POSTGRES_USER}"
: "${ANALYTICS_POSTGRES_PASSWORD:?Must set ANALYTICS_POSTGRES_PASSWORD}"
export PGPASSWORD="$POSTGRES_PASSWORD"
psql -v ON_ERROR_STOP=1 -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ANALYTICS_POSTGRES_USER}') THEN
    EXECUTE format('CREATE ROLE %I LOGIN', '${ANALYTICS_POSTGRES_USER}');
  END IF;
END \$\$;
ALTER ROLE "${ANALYTICS_POSTGRES_USER}" WITH PASSWORD '${ANALYTICS_POSTGRES_PASSWORD}';
GRANT CONNECT ON DATABASE events TO "${ANALYTICS_POSTGRES_USER}";
SQL
