#!/usr/bin/env bash
# A lab of OpenCRVS-like servers on this machine, for tests on real multi-node swarms. Run as root.
#   lab.sh create N [--backup]   N = 1, 3 or 5 nodes (node1 ... nodeN), plus a backup node
#   lab.sh inventory             the lab as an Ansible inventory in the hosting manual's format
#   lab.sh add-node NODE         one more node (node4 ... node9), not in the inventory
#   lab.sh sshd-stop NODE | sshd-start NODE
#   lab.sh destroy-node NODE     the server lost: off the network, sshd and dockerd stopped, its folders gone
#   lab.sh start-node NODE       a destroyed node back as create made it (same address and host key)
#   lab.sh status | destroy | verify-gone
# Two labs can run side by side (scripts/test.sh runs the lab ITs on both at once): CRVS_LAB=0 (the default) or 1
# says which. Lab L has the bridge crvslabL, the subnet 10.(77+L).0.0/24, its own state folder, namespaces and
# processes; CRVS_LAB=all status | destroy | verify-gone acts on both.
# Each node is a network namespace (address 10.77.0.1K in lab 0, on the bridge crvslab0) with its own
# hostname and mount namespace (private /root, /data, /opt, /var/lib/docker, /run, /etc/ufw, /etc/default/ufw), its own
# sshd on port 22 and its own dockerd; the local busybox image is loaded into each engine.
# Nothing changes on the host's network but the bridge, and an accept rule for it when the
# host forwards nothing by default. destroy removes all of it.
set -euo pipefail

LABS="0 1"
LAB_ID=${CRVS_LAB:-0}
if [ "$LAB_ID" = all ]; then
  case "${1:-}" in
    status|destroy|verify-gone)
      status=0
      for id in $LABS; do CRVS_LAB=$id bash "$0" "$@" || status=$?; done
      exit $status ;;
    *) printf 'lab: ERROR: CRVS_LAB=all takes status, destroy or verify-gone, not %s\n' "'${1:-}'" >&2; exit 2 ;;
  esac
fi
[[ "$LAB_ID" =~ ^[01]$ ]] || { printf 'lab: ERROR: CRVS_LAB is 0, 1 or all, not %s\n' "'$LAB_ID'" >&2; exit 2; }

# state_dir ID: lab 0 keeps the folder it always had (the benches read it).
state_dir() { [ "$1" = 0 ] && echo /var/lib/crvs-ops-lab || echo "/var/lib/crvs-ops-lab$1"; }
LAB=$(state_dir "$LAB_ID")
BRIDGE=crvslab$LAB_ID
SUBNET=10.$((77 + LAB_ID)).0
HOST_ADDR=$SUBNET.1
PREFIX=24
# Lab 0's names are as they always were (crvs-node1, vnode1); lab 1's carry its number.
NS_PREFIX=crvs-; VETH_PREFIX=v
[ "$LAB_ID" = 0 ] || { NS_PREFIX=crvs$LAB_ID-; VETH_PREFIX=v$LAB_ID; }
IMAGE=local/busybox:1
TEST_USER=crvsops-test
TEST_KEY_DIR=/var/lib/crvs-ops-test/lab
[ "$LAB_ID" = 0 ] || TEST_KEY_DIR=$TEST_KEY_DIR$LAB_ID

say() { printf 'lab %s: %s\n' "$LAB_ID" "$*"; }
fail() { printf 'lab %s: ERROR: %s\n' "$LAB_ID" "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run me as root"

address() { case $1 in backup) echo "$SUBNET.30" ;; node*) echo "$SUBNET.1${1#node}" ;; esac; }
nodes() { [ -f "$LAB/nodes" ] && cat "$LAB/nodes" || true; }

install_packages() {
  local missing=()
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v pgrep >/dev/null && command -v pkill >/dev/null || missing+=(procps)  # sshd-stop, verify-gone
  [ -x /usr/sbin/ufw ] && [ -f /etc/default/ufw ] || missing+=(ufw)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

alive() { # alive PIDFILE PATTERN
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}

make_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$HOST_ADDR/$PREFIX" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  fi
  # A host whose forwarding policy is DROP (as any dockerd with iptables leaves it) would cut the nodes off.
  if iptables -S FORWARD 2>/dev/null | grep -q -- '-P FORWARD DROP' && [ ! -f "$LAB/forward-rule" ]; then
    local chain=FORWARD
    iptables -S DOCKER-USER >/dev/null 2>&1 && chain=DOCKER-USER
    iptables -I "$chain" -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
    echo "$chain" > "$LAB/forward-rule"
    say "accepting $BRIDGE in $chain"
  fi
}

make_keys() {
  [ -f "$LAB/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C crvs-ops-lab -f "$LAB/id_ed25519"
  if id "$TEST_USER" >/dev/null 2>&1; then
    install -d -o "$TEST_USER" -m 700 "$TEST_KEY_DIR"
    install -o "$TEST_USER" -m 600 "$LAB/id_ed25519" "$TEST_KEY_DIR/id_ed25519"
  fi
}

start_node() {
  local name=$1 st=$LAB/$1 ns=$NS_PREFIX$1 addr
  addr=$(address "$name")
  mkdir -p "$st"/{root/.ssh,data,opt,ufw,exec,docker}
  [ -f "$st/default-ufw" ] || cp /etc/default/ufw "$st/default-ufw"
  [ -f "$st/ufw/ufw.conf" ] || cp -a /etc/ufw/. "$st/ufw/"
  [ -f "$st/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$st/ssh_host_ed25519_key"
  cat "$LAB/id_ed25519.pub" ${LAB_AUTHORIZED_KEYS:+"$LAB_AUTHORIZED_KEYS"} > "$st/root/.ssh/authorized_keys"
  chmod 700 "$st/root/.ssh"; chmod 600 "$st/root/.ssh/authorized_keys"
  cat > "$st/sshd_config" <<CONF
ListenAddress $addr
Port 22
HostKey $st/ssh_host_ed25519_key
PidFile $st/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile /root/.ssh/authorized_keys
UsePAM no
Subsystem sftp internal-sftp
MaxSessions 50
MaxStartups 50:30:100
CONF
  if ! ip netns list | grep -qw "$ns"; then
    ip netns add "$ns"
    # A lab just destroyed can leave its veth for a while: its namespace lives on until its containers' last process
    # ends. Deleting this end takes the pair away at once.
    ip link delete "$VETH_PREFIX$name" 2>/dev/null && say "$name: removed the veth $VETH_PREFIX$name that a lab left"
    ip link add "$VETH_PREFIX$name" type veth peer name eth0 netns "$ns"
    ip link set "$VETH_PREFIX$name" master "$BRIDGE" up
    ip -n "$ns" addr add "$addr/$PREFIX" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
  fi
  ip -n "$ns" link set eth0 up  # down after destroy-node
  if alive "$st/dockerd.pid" "$st/docker"; then
    say "$name already runs ($addr)"
    return
  fi
  mkdir -p /data /etc/ufw
  # Where a server keeps Docker's data, as OpenCRVS's filebeat bind-mounts it (/var/lib/docker/containers):
  # each node gets its own. The host gets only the empty mount point, noted so that destroy removes it again.
  # (/mongodb-keyfile stays the host's: provisioning replaces it with mv, which a bind-mounted file refuses.)
  for point in /var/lib/docker; do
    if [ ! -e "$point" ]; then
      mkdir -p "$point"
      echo "$point" >> "$LAB/mount-points"
    fi
  done
  # nsenter, not `ip netns exec` (it remounts /sys and hides the cgroups dockerd needs).
  setsid nsenter --net="/var/run/netns/$ns" unshare --mount --uts --propagation private /bin/sh -c "
    mount -t tmpfs tmpfs /run && mkdir -p /run/sshd /run/lock
    mount --bind '$st/root' /root && mount --bind '$st/data' /data && mount --bind '$st/opt' /opt
    mount --bind '$st/docker' /var/lib/docker
    mount --bind '$st/ufw' /etc/ufw && mount --bind '$st/default-ufw' /etc/default/ufw
    hostname '$name'
    /usr/sbin/sshd -f '$st/sshd_config' -E '$st/sshd.log'
    exec /usr/sbin/dockerd --data-root '$st/docker' --exec-root '$st/exec' --pidfile '$st/dockerd.pid' \
      --iptables=false --ip6tables=false --bridge=none" >> "$st/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 120); do in_node "$name" docker info >/dev/null 2>&1 && break; sleep 0.5; done
  in_node "$name" docker info >/dev/null 2>&1 || fail "$name: dockerd did not answer; see $st/dockerd.log"
  alive "$st/sshd.pid" "$st/sshd_config" || fail "$name: sshd did not start; see $st/sshd.log"
  say "$name runs at $addr (sshd pid $(cat "$st/sshd.pid"), dockerd pid $(cat "$st/dockerd.pid"))"
}

# in_node NODE COMMAND...: runs a command in the node's namespaces (network, mount, hostname).
in_node() {
  local pid
  pid=$(cat "$LAB/$1/dockerd.pid" 2>/dev/null) || return 1
  nsenter -t "$pid" --net --mount --uts "${@:2}"
}

load_image() {
  in_node "$1" docker image inspect "$IMAGE" >/dev/null 2>&1 && return
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for tool in sh sleep echo cat ls nc httpd wget true env hostname; do ln -s busybox "$root/bin/$tool"; done
  tar -C "$root" -c . | in_node "$1" docker import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  rm -rf "$root"
}

stop_pid() { # stop_pid NAME PIDFILE PATTERN
  local pid
  alive "$2" "$3" || { rm -f "$2"; return 0; }
  pid=$(cat "$2")
  kill "$pid"
  for _ in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
  [ -d "/proc/$pid" ] && fail "$1 (pid $pid) did not stop"
  rm -f "$2"
}

# What the tests read: each node's address and host key fingerprint, and the key that opens them.
write_properties() {
  {
    echo "lab.id=$LAB_ID"
    echo "lab.nodes=$(nodes | tr '\n' ',' | sed 's/,$//')"
    echo "lab.ssh.user=root"
    echo "lab.ssh.key=$TEST_KEY_DIR/id_ed25519"
    echo "lab.script=$(readlink -f "$0")"
    for name in $(nodes); do
      echo "lab.$name.address=$(address "$name")"
      echo "lab.$name.hostKeyFingerprint=$(ssh-keygen -lf "$LAB/$name/ssh_host_ed25519_key.pub" | awk '{print $2}')"
    done
  } > "$LAB/lab.properties"
  chmod 755 "$LAB"; chmod 644 "$LAB/lab.properties"
}

inventory() {
  local all i=1
  mapfile -t all < <(nodes)
  echo "; crvs-ops lab: $(date -u +%FT%TZ)"
  echo "[docker-manager-first]"
  echo "manager1 ansible_host=\"$(address node1)\""
  echo
  echo "[docker-workers]"
  for name in "${all[@]}"; do
    [ "$name" = node1 ] || [ "$name" = backup ] && continue
    echo "worker$i ansible_host=\"$(address "$name")\""; i=$((i + 1))
  done
  echo
  echo "[all:vars]"
  for name in "${all[@]}"; do [ "$name" = backup ] || echo "data${name#node}_hostname=$name"; done
  if grep -qx backup "$LAB/nodes"; then
    echo "external_backup_server_ip=$(address backup)"
    echo "external_backup_server_user=root"
    echo "external_backup_server_ssh_port=22"
    echo "external_backup_server_remote_directory=/data/backups"
  fi
}

case "${1:-}" in
  create)
    n=${2:-}; [[ "$n" =~ ^[135]$ ]] || fail "create takes 1, 3 or 5 nodes, not '${n}'"
    [ -z "$(nodes)" ] || fail "a lab exists already ($(nodes | tr '\n' ' ')); destroy it first"
    install_packages
    mkdir -p "$LAB"
    seq -f 'node%g' 1 "$n" > "$LAB/nodes"
    [ "${3:-}" = --backup ] && echo backup >> "$LAB/nodes"
    make_bridge
    make_keys
    for name in $(nodes); do start_node "$name"; load_image "$name"; done
    write_properties
    inventory > "$LAB/inventory.ini"
    chmod 644 "$LAB/inventory.ini"
    say "ready: $LAB/lab.properties; key: $LAB/id_ed25519 (copy for $TEST_USER: $TEST_KEY_DIR/id_ed25519)"
    ;;
  add-node)
    # A server that is not in the inventory, for the test that adds a node to an environment.
    name=${2:-}; [[ "$name" =~ ^node[4-9]$ ]] || fail "add-node takes node4 ... node9, not '${name}'"
    [ -n "$(nodes)" ] || fail "there is no lab; create it first"
    grep -qx "$name" "$LAB/nodes" && fail "$name is in the lab already"
    echo "$name" >> "$LAB/nodes"
    start_node "$name"; load_image "$name"
    write_properties
    say "$name added (not in the inventory)"
    ;;
  inventory) inventory ;;
  sshd-stop)
    # The listener and every session it serves, as when the server's sshd goes down.
    alive "$LAB/$2/sshd.pid" "$LAB/$2/sshd_config" && pkill -TERM -P "$(cat "$LAB/$2/sshd.pid")" || true
    stop_pid "$2 sshd" "$LAB/$2/sshd.pid" "$LAB/$2/sshd_config"
    say "$2: sshd stopped"
    ;;
  sshd-start)
    alive "$LAB/$2/sshd.pid" "$LAB/$2/sshd_config" || in_node "$2" /usr/sbin/sshd -f "$LAB/$2/sshd_config" -E "$LAB/$2/sshd.log"
    say "$2: sshd runs"
    ;;
  destroy-node)
    # The disaster of a lost server: its address stops answering (eth0 down: connections time out, as to a
    # server that is gone), its sshd and its sessions and its dockerd with its containers stop, and its disk
    # is gone: every folder of the node but its host key, which the lab keeps so that start-node can give
    # the address back to the ITs that follow under the identity lab.properties has. The namespace stays
    # for start-node and destroy.
    name=${2:-}; grep -qx "$name" "$LAB/nodes" 2>/dev/null || fail "destroy-node takes a node of the lab, not '${name}'"
    # The sessions first, while the address still carries their end to the clients (which then reconnect).
    alive "$LAB/$name/sshd.pid" "$LAB/$name/sshd_config" && pkill -TERM -P "$(cat "$LAB/$name/sshd.pid")" || true
    stop_pid "$name sshd" "$LAB/$name/sshd.pid" "$LAB/$name/sshd_config"
    in_node "$name" ip link set eth0 down 2>/dev/null || true
    stop_pid "$name dockerd" "$LAB/$name/dockerd.pid" "$LAB/$name/docker"
    find "$LAB/$name" -mindepth 1 -maxdepth 1 ! -name 'ssh_host_ed25519_key*' -exec rm -rf {} +
    say "$name destroyed (off the network, no sshd, no dockerd, no folders)"
    ;;
  start-node)
    name=${2:-}; grep -qx "$name" "$LAB/nodes" 2>/dev/null || fail "start-node takes a node of the lab, not '${name}'"
    start_node "$name"; load_image "$name"
    ;;
  status)
    for name in $(nodes); do
      printf '%s %s sshd=%s dockerd=%s\n' "$name" "$(address "$name")" \
        "$(alive "$LAB/$name/sshd.pid" "$LAB/$name/sshd_config" && echo up || echo down)" \
        "$(alive "$LAB/$name/dockerd.pid" "$LAB/$name/docker" && echo up || echo down)"
    done
    ;;
  destroy)
    for name in $(nodes); do
      stop_pid "$name sshd" "$LAB/$name/sshd.pid" "$LAB/$name/sshd_config"
      stop_pid "$name dockerd" "$LAB/$name/dockerd.pid" "$LAB/$name/docker"
      ip netns list | grep -qw "$NS_PREFIX$name" && ip netns delete "$NS_PREFIX$name"
      # The namespace lives on while a container's process does; its veth goes now.
      ip link delete "$VETH_PREFIX$name" 2>/dev/null || true
      say "$name removed"
    done
    ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
    if [ -f "$LAB/forward-rule" ]; then
      iptables -D "$(cat "$LAB/forward-rule")" -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT || true
    fi
    # The host's mount points serve both labs' nodes: removing one under a node of the other lab would unmount it there.
    # While the other lab stands, its record takes them over.
    other=$(state_dir $((1 - LAB_ID)))
    if [ -f "$LAB/mount-points" ] && [ -d "$other" ]; then
      cat "$LAB/mount-points" >> "$other/mount-points"
    elif [ -f "$LAB/mount-points" ]; then
      while read -r point; do
        if [ -d "$point" ]; then rmdir "$point" 2>/dev/null || true; elif [ ! -s "$point" ]; then rm -f "$point"; fi
      done < "$LAB/mount-points"
    fi
    rm -rf "$LAB" "$TEST_KEY_DIR"
    say "destroyed"
    ;;
  verify-gone)
    # After destroy nothing of the lab may be left: no namespace, bridge, process, rule or folder.
    left=()
    ip netns list | grep -q "^${NS_PREFIX}node\\|^${NS_PREFIX}backup" && left+=("network namespaces")
    ip link show "$BRIDGE" >/dev/null 2>&1 && left+=("bridge $BRIDGE")
    ip -br link | grep -qE "^${VETH_PREFIX}(node[0-9]|backup)@" && left+=("veths: $(ip -br link | grep -oE "^${VETH_PREFIX}(node[0-9]|backup)" | tr '\n' ' ')")
    pgrep -f "$LAB/" >/dev/null && left+=("processes: $(pgrep -f "$LAB/" | tr '\n' ' ')")
    iptables -S 2>/dev/null | grep -q -- "-i $BRIDGE " && left+=("iptables rule for $BRIDGE")
    [ -e "$LAB" ] && left+=("folder $LAB")
    [ ${#left[@]} -eq 0 ] || fail "the lab left behind: ${left[*]}"
    say "nothing of the lab is left"
    ;;
  *) echo "usage: [CRVS_LAB=0|1|all] $0 create 1|3|5 [--backup] | add-node NODE | inventory | sshd-stop NODE | sshd-start NODE | destroy-node NODE | start-node NODE | status | destroy | verify-gone" >&2; exit 2 ;;
esac
