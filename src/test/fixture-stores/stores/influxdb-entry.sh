#!/bin/bash
# crvs-ops lab image of InfluxDB: the official 1.8 image's entrypoint.sh, without its init script (OpenCRVS
# sets none of its INFLUXDB_* variables). Options alone start influxd with them; any other command runs as given.
set -euo pipefail
if [[ ${1:-} == -* ]]; then
  set -- influxd "$@"
fi
# As root, influxd gets its data folder (a bind mount made by root works) and runs as influxdb.
if [[ ${1:-} == influxd && $(id -u) == 0 ]]; then
  find /var/lib/influxdb \! -user influxdb -exec chown influxdb:influxdb {} +
  exec setpriv --reuid=1000 --regid=1000 --init-groups env HOME=/var/lib/influxdb "$0" "$@"
fi
exec "$@"
