#!/bin/bash
# crvs-ops lab image of Redis: the official image's docker-entrypoint.sh. Options or a .conf file alone start
# redis-server with them; as root, redis-server gets the current folder (/data) and runs as redis.
set -euo pipefail
if [[ ${1:-} == -* || ${1:-} == *.conf ]]; then
  set -- redis-server "$@"
fi
if [[ ${1:-} == redis-server && $(id -u) == 0 ]]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=999 --regid=999 --init-groups "$0" "$@"
fi
exec "$@"
