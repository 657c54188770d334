#!/bin/bash
# crvs-ops lab image of PostgreSQL: the official image's docker-entrypoint.sh, shortened. `postgres` (or
# options alone) starts the server, first making a cluster in an empty PGDATA with POSTGRES_USER,
# POSTGRES_PASSWORD (read from standard input by initdb, never an argument) and POSTGRES_DB, and running
# /docker-entrypoint-initdb.d/*.sh and *.sql; any other command (postgres-on-update's bash) runs as given.
set -euo pipefail
if [[ ${1:-} == -* ]]; then
  set -- postgres "$@"
fi
[[ ${1:-} == postgres ]] || exec "$@"

if [[ $(id -u) == 0 ]]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres {} +
  exec setpriv --reuid=999 --regid=999 --init-groups env HOME=/var/lib/postgresql "$0" "$@"
fi

user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [[ ! -s $PGDATA/PG_VERSION ]]; then
  if [[ -z ${POSTGRES_PASSWORD:-} && ${POSTGRES_HOST_AUTH_METHOD:-} != trust ]]; then
    echo "Database is uninitialized and superuser password is not specified: set POSTGRES_PASSWORD" \
      "(or POSTGRES_HOST_AUTH_METHOD=trust, which lets anyone in)" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS: initdb's options, split as the official image does
  initdb --username="$user" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") ${POSTGRES_INITDB_ARGS:-} >/dev/null
  printf 'host all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
  # The set-up runs on a server only this container reaches (its socket, no address).
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [[ $db != postgres ]]; then
    psql -v ON_ERROR_STOP=1 -U "$user" -d postgres -q --set db="$db" <<<'CREATE DATABASE :"db";'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh) echo "running $f"; bash "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 -U "$user" -d "$db" -q -f "$f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi
exec "$@"  # postgres and its options
