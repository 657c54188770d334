# The gateway: serves like any HTTP service, but /ping answers 503 until events, postgres, elasticsearch
# and countryconfig accept connections by their service names, as the real gateway's /ping reports its
# dependencies; and 503 again when one stops.
. "$STANDIN_HOME/lib.sh"
needs="events:5555 postgres:5432 elasticsearch:9200 countryconfig:3040"
busybox mkdir -p "$state" && busybox rm -f "$state/ready" || fail "cannot write $state"
(
  trap 'exit 0' TERM
  while :; do
    missing=
    for need in $needs; do accepts "$need" || missing="$missing ${need%:*}"; done
    if [ -z "$missing" ] && [ ! -e "$state/ready" ]; then
      busybox touch "$state/ready"
      echo "stand-in for ${STANDIN_FOR:-?}: events, postgres, elasticsearch and countryconfig accept connections; /ping answers 200"
    elif [ -n "$missing" ] && [ -e "$state/ready" ]; then
      busybox rm -f "$state/ready"
      echo "stand-in for ${STANDIN_FOR:-?}: no connection to$missing; /ping answers 503"
    fi
    busybox sleep 1
  done
) &
children=$!
for item in $STANDIN_LISTEN; do listen "$item"; done
stay_up
