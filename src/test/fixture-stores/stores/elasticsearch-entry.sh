#!/bin/bash
# crvs-ops lab image of Elasticsearch: the official image's docker-entrypoint.sh, shortened.
# Any other command runs as given; `eswrapper` or `elasticsearch` (with -E options) starts Elasticsearch.
set -euo pipefail
cd /usr/share/elasticsearch
if [[ ${1:-} == eswrapper || $(basename "${1:-}") == elasticsearch ]]; then
  set -- "${@:2}"
else
  exec "$@"
fi
# Unlike the official image (which starts as 1000): as root it gives the data folder and the snapshot
# repository (path.repo) to elasticsearch first, so that bind mounts made by root work, then starts again as it.
if [[ $(id -u) == 0 ]]; then
  repo=$(printenv path.repo || true)
  find data logs ${repo:+"$repo"} \! -user elasticsearch -exec chown elasticsearch:elasticsearch {} +
  exec setpriv --reuid=1000 --regid=1000 --init-groups env HOME=/usr/share/elasticsearch "$0" eswrapper "$@"
fi
set +u  # ES's own script reads unset variables
source bin/elasticsearch-env-from-file  # ELASTIC_PASSWORD_FILE
set -u
# elastic's password, as the official image sets it: the keystore's bootstrap.password, from standard input.
if [[ -n ${ELASTIC_PASSWORD:-} ]]; then
  printf '%s\n' "$ELASTIC_PASSWORD" | elasticsearch-keystore add -x -f bootstrap.password >/dev/null
fi
exec elasticsearch "$@"
