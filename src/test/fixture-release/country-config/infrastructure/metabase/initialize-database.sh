#!/bin/sh
# crvs-ops test fixture: first start of Metabase; upstream loads metabase.init.db.sql into its H2 file.
set -eu
mkdir -p "$(dirname "$MB_DB_FILE")"
echo "initializing Metabase from $MB_DB_INIT_SQL_FILE"
