#!/bin/sh
# crvs-ops test fixture: the dashboards service's entry point (bind-mounted), shortened.
set -eu
for v in OPENCRVS_METABASE_SITE_NAME OPENCRVS_METABASE_SITE_URL MB_DB_FILE MB_DB_INIT_SQL_FILE \
  OPENCRVS_ENVIRONMENT_CONFIGURATION_SQL_FILE METABASE_DATABASE_HOST; do
  eval "value=\${$v:-}"
  [ -n "$value" ] || { echo "Error: $v environment variable is not defined" >&2; exit 1; }
done
if [ -f "$MB_DB_FILE" ]; then sh /update-database.sh; else sh /initialize-database.sh; fi
exec java -jar /app/metabase.jar
