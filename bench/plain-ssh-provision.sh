#!/usr/bin/env bash
# What provision-cluster sends to the lab, sent over plain OpenSSH instead: the same scripts
# (src/main/resources/scripts/provisioning) with the same arguments, in the process's step order; each step
# on all its servers at once, and the next step only after all of them ended. Swarm steps use the
# docker CLI where the process calls the Docker API. Steps the lab's settings skip (Docker Hub, swap,
# kernel settings, encryption, Papertrail) send nothing. Run as root with the lab made by lab.sh
# (inside its lock); prints "step<TAB>name<TAB>seconds" per step, then "total<TAB>seconds<TAB>changes".
# Each command opens its own connection; with PLAIN_SSH_REUSE=1 all commands to a server share one
# (OpenSSH's ControlMaster, as crvs-ops keeps one per server), opened before the clock starts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scripts=$(dirname "$here")/src/main/resources/scripts/provisioning
LAB=${LAB:-/var/lib/crvs-ops-lab}
prop() { sed -n "s/^$1=//p" "$LAB/lab.properties"; }

tmp=$(mktemp -d /tmp/crvs-ops-plain-ssh.XXXXXX)
key=$(prop lab.ssh.key); [ -r "$key" ] || key=$LAB/id_ed25519
ssh_opts=(-F /dev/null -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
  -o UserKnownHostsFile="$tmp/known_hosts" -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=10)
[ "${PLAIN_SSH_REUSE:-}" != 1 ] || ssh_opts+=(-o ControlMaster=auto -o "ControlPath=$tmp/%h" -o ControlPersist=yes)
nodes=() backup="" servers=()
cleanup() {
  if [ "${PLAIN_SSH_REUSE:-}" = 1 ]; then
    for host in "${servers[@]}"; do ssh "${ssh_opts[@]}" -O exit "root@$host" 2>/dev/null || true; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
for name in $(prop lab.nodes | tr , ' '); do
  addr=$(prop "lab.$name.address")
  if [ "$name" = backup ]; then backup=$addr; else nodes+=("$addr"); fi
  servers+=("$addr")
  echo "$addr $(cut -d' ' -f1,2 "$LAB/$name/ssh_host_ed25519_key.pub")" >> "$tmp/known_hosts"
done
manager=${nodes[0]} workers=("${nodes[@]:1}")

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }                # single-quoted, as crvs-ops's ShellQuote
# shellcheck disable=SC2029  # the command is built here, quoted, on purpose
remote() { ssh "${ssh_opts[@]}" "root@$1" "$2"; }         # remote HOST COMMAND (stdin goes along)
run() { # run HOST SCRIPT ARGS...: bash -c '<script>' SCRIPT ARGS..., as RemoteScripts builds it
  local host=$1 name=$2 cmd; shift 2
  cmd="bash -c $(q "$(cat "$scripts/$name.sh")") $(q "$name")"
  for arg in "$@"; do cmd+=" $(q "$arg")"; done
  remote "$host" "$cmd" | tee -a "$tmp/out.$host"
}
each() { # each FUNCTION HOST...: FUNCTION HOST on every host at once; fails naming every failed host
  local fn=$1 hosts=("${@:2}") pids=() failed=0 i
  for host in "${hosts[@]}"; do "$fn" "$host" > "$tmp/last.$host" 2>&1 & pids+=($!); done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" && continue
    failed=1; echo "FAILED on ${hosts[$i]}:" >&2; tail -5 "$tmp/last.${hosts[$i]}" >&2
  done
  return "$failed"
}
now() { date +%s.%N; }
step() { # step NAME FUNCTION: times one step
  local t0; t0=$(now)
  "$2" > /dev/null
  printf 'step\t%s\t%s\n' "$1" "$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')"
}

swarm_state='docker info --format "{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}}"'
open_master() { ssh "${ssh_opts[@]}" -fN "root@$1" < /dev/null; }
check_access() { run "$1" check-access < /dev/null; }
authorize_worker() { run "$1" authorize-key root "$(cat "$tmp/manager.pub")" < /dev/null; }
install_docker() { run "$1" install-docker < /dev/null; }
data_folders() { run "$1" create-data-folders < /dev/null; }
install_keyfile() { run "$1" install-mongo-keyfile "$(cat "$tmp/keyfile.sha")" < "$tmp/keyfile"; }
firewall() {
  local peers=() n role=worker
  for n in "${nodes[@]}"; do [ "$n" = "$1" ] || peers+=("$n"); done
  [ "$1" = "$manager" ] && role=manager
  run "$1" configure-firewall 22 "$role" "${peers[@]}" < /dev/null
}
join_worker() { # the worker token, then the swarm's node IDs, on stdin: never on the ssh command line
  remote "$1" "read -r token; set -- \$($swarm_state)
    if [ \"\$1\" = active ]; then grep -qx \"\$2\" || { echo 'in another swarm' >&2; exit 1; }
    else docker swarm join --token \"\$token\" --advertise-addr $1 $manager:2377 >/dev/null; echo CHANGED joined the swarm; fi" \
    < "$tmp/swarm" | tee -a "$tmp/out.$1"
}
read_state() { run "$1" read-node-state < /dev/null; }
manager_key() { run "$manager" create-manager-key < /dev/null | sed -n 's/^PUBLIC_KEY //p' > "$tmp/manager.pub"; }

s_access() { each check_access "${servers[@]}"; }
s_authorize() { manager_key; each authorize_worker "${workers[@]}"; }
s_docker() { each install_docker "${nodes[@]}"; }
s_folders() { each data_folders "${nodes[@]}"; }
s_keyfile() {
  run "$manager" create-mongo-keyfile < /dev/null | sed -n 's/^SHA256 //p' > "$tmp/keyfile.sha"
  (umask 077; remote "$manager" "bash -c $(q "$(cat "$scripts/read-mongo-keyfile.sh")")" < /dev/null > "$tmp/keyfile")
  each install_keyfile "${workers[@]}"
}
s_firewall() { each firewall "${nodes[@]}"; }
s_init() {
  remote "$manager" "set -- \$($swarm_state); [ \"\$1\" = active ] ||
    { docker swarm init --advertise-addr $manager >/dev/null; echo CHANGED initialised the swarm; }" < /dev/null |
    tee -a "$tmp/out.$manager"
}
s_join() {
  (umask 077; remote "$manager" "docker swarm join-token -q worker; docker node ls -q" < /dev/null > "$tmp/swarm")
  each join_worker "${workers[@]}"
}
s_label() { # as the process: on the manager, one node after the other (nodeN gets dataN)
  remote "$manager" "for i in \$(seq ${#nodes[@]}); do
    [ \"\$(docker node inspect --format '{{index .Spec.Labels \"data'\$i'\"}}' node\$i)\" = true ] ||
      { docker node update --label-add data\$i=true node\$i >/dev/null; echo CHANGED labelled data\$i=true; }; done" \
    < /dev/null | tee -a "$tmp/out.$manager"
}
s_backup() {
  [ -n "$backup" ] || return 0
  manager_key
  run "$backup" prepare-backup-folder root /data/backups < /dev/null
  run "$backup" authorize-key root "$(cat "$tmp/manager.pub")" < /dev/null
}
s_verify() {
  remote "$manager" "docker node inspect --format '{{.Description.Hostname}} {{.Status.State}} {{json .Spec.Labels}}' \$(docker node ls -q)" < /dev/null > /dev/null
  each read_state "${nodes[@]}"
}

[ "${PLAIN_SSH_REUSE:-}" != 1 ] || each open_master "${servers[@]}"
t0=$(now)
step "Check node access" s_access
step "Authorize manager key" s_authorize
step "Install Docker engine" s_docker
step "Create data folders" s_folders
step "Distribute MongoDB key file" s_keyfile
step "Configure firewall" s_firewall
step "Initialise swarm" s_init
step "Join workers to swarm" s_join
step "Label data nodes" s_label
step "Prepare backup server" s_backup
step "Verify cluster" s_verify
printf 'total\t%s\t%s\n' "$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')" \
  "$(cat "$tmp"/out.* 2>/dev/null | grep -c '^CHANGED' || true)"
