# The release's reset job (OpenCRVS: clear-all-data.sh); here it leaves a mark for the tests.
set -eu
echo "factory reset of ${HOSTNAME} with core ${VERSION}" > /data/fixture-factory-reset
echo "records deleted"
