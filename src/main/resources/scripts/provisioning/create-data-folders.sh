# The /data folders of the OpenCRVS stack, with the owners and modes its services expect.
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
for store in mongo elasticsearch influxdb traefik metabase vsexport; do folder "/data/$store" 1000 755; done
folder /data/minio 1000 777
folder /data/backups 1000 755
for store in mongo elasticsearch influxdb minio metabase vsexport; do folder "/data/backups/$store" 1000 755; done
acme=/data/traefik/acme.json
if [ ! -f "$acme" ]; then
  install -m 600 /dev/null "$acme"
  echo "CHANGED created $acme (600)"
elif [ "$(stat -c %a "$acme")" != 600 ]; then
  chmod 600 "$acme"
  echo "CHANGED set $acme to 600"
fi
