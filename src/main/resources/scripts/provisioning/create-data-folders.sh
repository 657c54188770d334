# The /data folders of the OpenCRVS stack, with the owners and modes its services expect: v1.9's, with PostgreSQL
# (events) and its backups; Metabase keeps its data in PostgreSQL since v1.9, so /data/metabase is no longer made
# (an existing one is left: it may hold an older release's dashboards).
set -eu
folder() { # folder PATH OWNER MODE
  if [ ! -d "$1" ]; then
    install -d -o "$2" -g "$2" -m "$3" "$1"
    echo "CHANGED created $1 ($2:$2, $3)"
  elif [ "$(stat -c '%u %a' "$1")" != "$2 $3" ]; then
    chown "$2:$2" "$1"; chmod "$3" "$1"
    echo "CHANGED set $1 to $2:$2, $3"
  fi
}
folder /data 0 755
for store in mongo elasticsearch influxdb traefik vsexport; do folder "/data/$store" 1000 755; done
# The postgres image runs as its own user (uid 999) and wants its data folder to itself.
folder /data/postgres 999 700
folder /data/minio 1000 777
folder /data/backups 1000 755
for store in mongo elasticsearch influxdb minio vsexport postgres; do folder "/data/backups/$store" 1000 755; done
acme=/data/traefik/acme.json
if [ ! -f "$acme" ]; then
  install -m 600 /dev/null "$acme"
  echo "CHANGED created $acme (600)"
elif [ "$(stat -c %a "$acme")" != 600 ]; then
  chmod 600 "$acme"
  echo "CHANGED set $acme to 600"
fi
