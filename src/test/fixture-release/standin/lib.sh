# Shared by the stand-in kinds (sourced). Three variables exist for the tests only, which run these
# scripts on a host without Docker; the images leave them unset:
#   STANDIN_PORT_OFFSET  added to every port listened on or connected to (ports above 20000 on a host)
#   STANDIN_HOSTS        "name=address ..." for the service names an overlay network would resolve
#   STANDIN_BIND         the address to listen on (default: all of the container's)
# STANDIN_STATE is where a stand-in keeps its state (default /tmp/standin).

children=
fail() { # fail MESSAGE: the stand-in cannot run as configured (its listeners, if any, end too)
  echo "stand-in for ${STANDIN_FOR:-?}: $*" >&2
  # shellcheck disable=SC2086 # PIDs
  [ -z "$children" ] || kill $children 2>/dev/null
  exit 2
}

offset=${STANDIN_PORT_OFFSET:-0}
case $offset in '' | *[!0-9]*) fail "STANDIN_PORT_OFFSET '$offset' is not a whole number" ;; esac
case ${STANDIN_BIND:-} in *[!0-9.]*) fail "STANDIN_BIND '$STANDIN_BIND' is not an IPv4 address" ;; esac
state=${STANDIN_STATE:-/tmp/standin}
export STANDIN_STATE=$state

port() { # port N: where this run uses the real service's port N
  case $1 in '' | *[!0-9]*) fail "port '$1' is not a number" ;; esac
  [ $(($1 + offset)) -le 65535 ] || fail "port $1 + STANDIN_PORT_OFFSET $offset is above 65535"
  echo $(($1 + offset))
}

address() { # address NAME: where the service NAME is reached
  for pair in ${STANDIN_HOSTS:-}; do
    [ "${pair%%=*}" = "$1" ] && { echo "${pair#*=}"; return; }
  done
  # Swarm's DNS answers a service's name with its virtual IP, which the kernel's IPVS forwards to a task.
  # The lab's kernel has no IPVS (CONFIG_IP_VS unset; dockerd logs "Native loadbalancing will not work"),
  # so connections to a virtual IP time out. tasks.NAME answers with the tasks' own addresses.
  case $1 in
    *[!A-Za-z0-9-]*) echo "$1" ;; # an address or a qualified name
    *) echo "tasks.$1" ;;
  esac
}

need_ok() { # need_ok NEED: true when it is host:port or http://host:port/path, names and digits only
  case $1 in
    http://*) set -- "${1#http://}"; set -- "${1%%/*}" ;;
  esac
  case $1 in
    *[!A-Za-z0-9.:-]* | :* | *: | *:*:*) return 1 ;;
    *:*) case ${1##*:} in *[!0-9]*) return 1 ;; esac ;;
    *) return 1 ;;
  esac
}

accepts() { # accepts HOST:PORT: true when it accepts a TCP connection (nc then runs `true`, which closes it)
  busybox nc -w 2 "$(address "${1%:*}")" "$(port "${1##*:}")" -e true </dev/null >/dev/null 2>&1
}

answers() { # answers http://HOST:PORT/PATH: true when it answers 2xx within 5 s
  set -- "${1#http://}"
  hostport=${1%%/*}
  path=${1#"$hostport"}
  busybox timeout 5 busybox wget -q -Y off -O /dev/null \
    "http://$(address "${hostport%:*}"):$(port "${hostport##*:}")${path:-/}" >/dev/null 2>&1
}

ready() { # ready NEED: true when it answers (http://...) or accepts connections (host:port)
  case $1 in http://*) answers "$1" ;; *) accepts "$1" ;; esac
}

listen() { # listen http:PORT|tcp:PORT: a listener in the background (its PID joins $children)
  case $1 in
    http:*) handler=$STANDIN_HOME/respond.sh ;; # one HTTP request per connection
    tcp:*) handler=true ;;                      # a store's port: accepts, then closes
    *) fail "'$1' in STANDIN_LISTEN is not http:PORT or tcp:PORT" ;;
  esac
  p=$(port "${1#*:}") || exit 2
  # shellcheck disable=SC2086 # STANDIN_BIND: empty or one address
  busybox nc -ll -p "$p" ${STANDIN_BIND:-} -e "$handler" &
  children="$children $!"
}

stay_up() { # until SIGTERM (exit 0), or until a listener ends (exit 1: a port in use, say)
  trap 'stop 0' TERM INT
  while :; do
    busybox sleep 1 &
    sleeper=$!
    wait $sleeper
    for pid in $children; do
      kill -0 "$pid" 2>/dev/null && continue
      echo "stand-in for ${STANDIN_FOR:-?}: a listener of $STANDIN_LISTEN ended; exit 1" >&2
      stop 1
    done
  done
}

stop() { # stop STATUS: ends the background processes, then the stand-in
  # shellcheck disable=SC2086 # PIDs
  kill $children ${sleeper:-} 2>/dev/null
  exit "$1"
}
