#!/bin/sh
# crvs-ops test fixture: later starts; upstream applies environment-configuration.sql to the H2 file.
set -eu
echo "updating Metabase with $OPENCRVS_ENVIRONMENT_CONFIGURATION_SQL_FILE"
