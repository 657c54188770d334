#!/usr/bin/env bash
# The test bed: a real OpenSSH sshd and a real Docker engine (a one-node swarm) on loopback,
# for the tests that run against real parts. Run as root:
#   testbed.sh start    install what is missing, start both (idempotent), write testbed.properties
#   testbed.sh stop     stop exactly the processes that start started, by their PID files
#   testbed.sh status   say what runs
# It never touches the host's firewall or network: dockerd runs in a network namespace of its own
# (crvs-testbed, loopback only), where the swarm makes its bridges, and with --iptables=false.
set -euo pipefail

TEST_USER=crvsops-test
TEST_HOME=/var/lib/crvs-ops-test
STATE=/var/lib/crvs-ops-testbed
RUN=/run/crvs-ops-testbed
LOGS=/var/log/crvs-ops-testbed
SSH_PORT=${CRVSOPS_TESTBED_SSH_PORT:-2222}
DOCKER_SOCK=$RUN/docker.sock
DOCKER_HOST_URL=unix://$DOCKER_SOCK
IMAGE=local/busybox:1
PROPERTIES=$RUN/testbed.properties
NETNS=crvs-testbed

say() { printf 'testbed: %s\n' "$*"; }
fail() { printf 'testbed: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run me as root (sudo bash $0 $*)"

install_packages() {
  local missing=()
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || missing+=(busybox-static)
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  command -v pgrep >/dev/null || missing+=(procps)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v nsenter >/dev/null || missing+=(util-linux)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

create_user() {
  if ! id "$TEST_USER" >/dev/null 2>&1; then
    say "creating the unprivileged test user $TEST_USER"
    useradd --system --create-home --home-dir "$TEST_HOME" --shell /bin/bash "$TEST_USER"
  fi
  # sshd refuses a locked account ('!' in shadow); '*' means: no password, keys only.
  usermod -p '*' "$TEST_USER"
}

# is_running PIDFILE PATTERN: the PID in the file is alive and its command line matches.
is_running() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}

start_sshd() {
  local dir=$STATE/sshd
  mkdir -p "$dir" /run/sshd "$LOGS" "$RUN"
  [ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C crvs-ops-testbed-host -f "$dir/host_ed25519"
  local keydir=$TEST_HOME/testbed
  install -d -o "$TEST_USER" -g "$TEST_USER" -m 700 "$keydir" "$TEST_HOME/.ssh"
  if [ ! -f "$keydir/id_ed25519" ]; then
    ssh-keygen -q -t ed25519 -N '' -C crvs-ops-tests -f "$keydir/id_ed25519"
  fi
  chown "$TEST_USER:$TEST_USER" "$keydir/id_ed25519" "$keydir/id_ed25519.pub"
  chmod 600 "$keydir/id_ed25519"
  install -o "$TEST_USER" -g "$TEST_USER" -m 600 "$keydir/id_ed25519.pub" "$TEST_HOME/.ssh/authorized_keys"
  cat > "$dir/sshd_config" <<CONF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
PidFile $RUN/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $TEST_USER
UsePAM no
Subsystem sftp internal-sftp
MaxSessions 50
MaxStartups 50:30:100
LogLevel INFO
CONF
  if is_running "$RUN/sshd.pid" "$dir/sshd_config"; then
    say "sshd already runs (pid $(cat "$RUN/sshd.pid")) on 127.0.0.1:$SSH_PORT"
    return
  fi
  /usr/sbin/sshd -t -f "$dir/sshd_config" || fail "sshd rejects its configuration $dir/sshd_config"
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$LOGS/sshd.log"
  for _ in $(seq 50); do is_running "$RUN/sshd.pid" "$dir/sshd_config" && break; sleep 0.1; done
  is_running "$RUN/sshd.pid" "$dir/sshd_config" || fail "sshd did not start; see $LOGS/sshd.log: $(tail -5 "$LOGS/sshd.log" 2>/dev/null)"
  say "sshd runs (pid $(cat "$RUN/sshd.pid")) on 127.0.0.1:$SSH_PORT"
}

docker_cli() { docker -H "$DOCKER_HOST_URL" "$@"; }

start_dockerd() {
  mkdir -p "$STATE/docker" "$RUN/docker-exec" "$LOGS"
  if is_running "$RUN/dockerd.pid" "$DOCKER_SOCK"; then
    say "dockerd already runs (pid $(cat "$RUN/dockerd.pid"))"
  else
    # Own network namespace (the swarm's docker_gwbridge and ingress live there), socket, data and
    # exec roots, no iptables rules: the host's network stays as it is. nsenter, not `ip netns exec`,
    # which remounts /sys and hides the cgroups dockerd needs.
    ip netns list | grep -qw "$NETNS" || ip netns add "$NETNS"
    ip -n "$NETNS" link set lo up
    setsid nsenter --net="/var/run/netns/$NETNS" /usr/sbin/dockerd --host "$DOCKER_HOST_URL" --data-root "$STATE/docker" \
      --exec-root "$RUN/docker-exec" --pidfile "$RUN/dockerd.pid" --group "$TEST_USER" \
      --iptables=false --ip6tables=false --bridge=none >>"$LOGS/dockerd.log" 2>&1 < /dev/null &
    for _ in $(seq 120); do docker_cli info >/dev/null 2>&1 && break; sleep 0.5; done
    docker_cli info >/dev/null 2>&1 || fail "dockerd did not answer within 60 s; see $LOGS/dockerd.log: $(tail -5 "$LOGS/dockerd.log")"
    say "dockerd runs (pid $(cat "$RUN/dockerd.pid")) on $DOCKER_HOST_URL"
  fi
  if [ "$(docker_cli info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    docker_cli swarm init --advertise-addr 127.0.0.1 >/dev/null
    say "single-node swarm initialised"
  fi
  if ! docker_cli image inspect "$IMAGE" >/dev/null 2>&1; then
    local root
    root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for tool in sh sleep echo cat ls nc httpd wget true env hostname; do ln -s busybox "$root/bin/$tool"; done
    tar -C "$root" -c . | docker_cli import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
    rm -rf "$root"
    say "image $IMAGE made from busybox-static"
  fi
}

write_properties() {
  local fingerprint
  fingerprint=$(ssh-keygen -lf "$STATE/sshd/host_ed25519.pub" | awk '{print $2}')
  cat > "$PROPERTIES" <<PROPS
testbed.ssh.host=127.0.0.1
testbed.ssh.port=$SSH_PORT
testbed.ssh.user=$TEST_USER
testbed.ssh.key=$TEST_HOME/testbed/id_ed25519
testbed.ssh.hostKeyFingerprint=$fingerprint
testbed.docker.host=$DOCKER_HOST_URL
testbed.image=$IMAGE
PROPS
  chmod 644 "$PROPERTIES"
  chmod 755 "$RUN"
}

stop_one() { # stop_one NAME PIDFILE PATTERN
  local pid
  if is_running "$2" "$3"; then
    pid=$(cat "$2")
    kill "$pid"
    for _ in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
    [ -d "/proc/$pid" ] && fail "$1 (pid $pid) did not stop within 20 s"
    say "$1 (pid $pid) stopped"
  else
    say "$1 was not running"
  fi
  rm -f "$2"
}

case "${1:-}" in
  start)
    install_packages
    create_user
    start_sshd
    start_dockerd
    write_properties
    say "ready: $PROPERTIES"
    ;;
  stop)
    stop_one dockerd "$RUN/dockerd.pid" "$DOCKER_SOCK"
    stop_one sshd "$RUN/sshd.pid" "$STATE/sshd/sshd_config"
    rm -f "$DOCKER_SOCK" "$PROPERTIES"
    if ip netns list | grep -qw "$NETNS"; then ip netns delete "$NETNS" && say "network namespace $NETNS removed"; fi
    ;;
  status)
    is_running "$RUN/sshd.pid" "$STATE/sshd/sshd_config" && say "sshd runs (pid $(cat "$RUN/sshd.pid"))" || say "sshd is stopped"
    is_running "$RUN/dockerd.pid" "$DOCKER_SOCK" && say "dockerd runs (pid $(cat "$RUN/dockerd.pid"))" || say "dockerd is stopped"
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
