#!/usr/bin/env bash
# The copy of a backup to the backup server: crvs-ops's step *Copy to backup server* (process
# backup-environment) on a 1 GiB backup set, beside OpenSSH's scp of the same files, in the same run.
# crvs-ops has the manager encrypt each file (openssl enc -aes-256-cbc -pbkdf2) and send it straight to the
# backup server, checking each arrival there. Target: at least 0.9 x a direct scp from the manager to the
# backup server (plain, OpenSSH's defaults), with encryption on and memory flat whatever the size (the heap
# in use after collections during the copy the same for 1 GiB as for 64 MiB).
# Prints figures, never fails on a target. Run as root, holding the lab's lock (others use the lab too):
#   flock /var/lock/crvs-ops-lab.lock bash bench/copy-backup.sh [application arguments]
# BENCH_MIB (default 1024) and BENCH_SMALL_MIB (64) are the two sets' sizes, each as BENCH_FILES (4)
# files of random data; the big set is backed up and copied with a direct scp BENCH_ROUNDS (3) times, in turn.
# Application arguments go to the jar, BENCH_JAVA_OPTS to the JVM (e.g. -Xmx512m). Leaves the lab
# destroyed. BENCH_KEEP=<folder> keeps the raw figures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=$repo/target/crvs-ops.jar
LAB=/var/lib/crvs-ops-lab
LOCK=/var/lock/crvs-ops-lab.lock
APP_PORT=${BENCH_PORT:-18083}
ENV=bench-copy
BIG_MIB=${BENCH_MIB:-1024}
SMALL_MIB=${BENCH_SMALL_MIB:-64}
FILES=${BENCH_FILES:-4}
ROUNDS=${BENCH_ROUNDS:-3}
SERVICE=bench_store
url=http://localhost:$APP_PORT

if flock -n "$LOCK" true; then
  echo "the lab is shared: run me holding its lock, flock $LOCK bash $0" >&2
  exit 2
fi
tmp=$(mktemp -d /tmp/crvs-ops-bench-copy.XXXXXX)
app_pid="" sampler_pid="" swarm=""
lab() { bash "$repo/src/test/testbed/lab.sh" "$@" >> "$tmp/lab.log"; }
stop_app() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; app_pid=""; }
stop_sampler() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; fi
  sampler_pid=""
}
cleanup() {
  stop_sampler
  stop_app
  if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP" && find "$tmp" -maxdepth 1 -type f ! -name response -exec cp {} "$BENCH_KEEP/" \; || true
  fi
  if [ -n "$swarm" ]; then
    on node1 "docker service rm $SERVICE >/dev/null 2>&1; for _ in \$(seq 60); do [ -z \"\$(docker ps -q)\" ] && break;
      sleep 0.5; done; docker swarm leave --force >/dev/null 2>&1; true" || true
  fi
  lab destroy || echo "lab.sh destroy failed; see $tmp/lab.log" >&2
  rm -rf "$tmp"
}
trap cleanup EXIT

# An ISO-8601 time as seconds since the epoch.
secs() { date -d "$1" +%s.%N; }
prop() { sed -n "s/^$1=//p" "$LAB/lab.properties"; }

# api USER METHOD PATH [JSON]: the response body; an HTTP error stops the benchmark, naming the call.
api() {
  local code
  code=$(curl -s -o "$tmp/response" -w '%{http_code}' -u "$1:demo" -X "$2" -H 'Content-Type: application/json' \
    ${4:+--data-binary @-} "$url$3" <<< "${4:-}")
  if [ "$code" = 000 ] || [ "$code" -ge 400 ]; then echo "$2 $3 as $1: HTTP $code $(cat "$tmp/response")" >&2; return 1; fi
  cat "$tmp/response"
}
# A job that failed (it waits for a retry, or became an incident) stops the benchmark with its error.
no_failed_job() {
  local errors
  errors=$(api operator GET "/engine-rest/job?processInstanceId=$1&withException=true" | jq -r '.[].exceptionMessage')
  [ -z "$errors" ] || { echo "a job of process instance $1 failed: $errors" >&2; exit 1; }
}
# The end events an instance reached (a check-cluster instance also ends each node's branch).
ended_at() {
  api operator GET "/engine-rest/history/activity-instance?processInstanceId=$1&activityType=noneEndEvent" |
    jq -r '[.[].activityId] | unique | join(" ")'
}

# Cluster access check, as an operator: each host key offered is compared with lab.properties, then
# confirmed (as bench/provision-cluster.sh does).
confirm_host_keys() {
  local pi task vars addr name offered deadline=$((SECONDS + 300))
  pi=$(api operator POST /engine-rest/process-definition/key/check-cluster/start \
    "{\"variables\":{\"environmentName\":{\"value\":\"$ENV\",\"type\":\"String\"}}}" | jq -r .id)
  while :; do
    [ "$(api operator GET "/engine-rest/history/process-instance/$pi" | jq -r .state)" = ACTIVE ] || break
    [ $SECONDS -lt $deadline ] || { echo "the cluster access check did not end within 300 s" >&2; exit 1; }
    no_failed_job "$pi"
    for task in $(api operator GET "/engine-rest/task?processInstanceId=$pi" | jq -r '.[] | "\(.id)/\(.taskDefinitionKey)"'); do
      if [ "${task#*/}" = UserTask_ConfirmHostKey ]; then
        vars=$(api operator GET "/engine-rest/task/${task%/*}/variables")
        addr=$(jq -r .nodeAddress.value <<< "$vars"); offered=$(jq -r .offeredFingerprint.value <<< "$vars")
        name=$(sed -n "s/^lab\.\(.*\)\.address=$addr\$/\1/p" "$LAB/lab.properties")
        [ "$offered" = "$(prop "lab.$name.hostKeyFingerprint")" ] ||
          { echo "$addr offered host key $offered, not the one in lab.properties" >&2; exit 1; }
        api operator POST "/engine-rest/task/${task%/*}/complete" \
          '{"variables":{"fingerprintConfirmed":{"value":true,"type":"Boolean"}}}' > /dev/null
      else
        api operator POST "/engine-rest/task/${task%/*}/complete" '{}' > /dev/null
      fi
    done
    sleep 0.5
  done
  [[ " $(ended_at "$pi") " == *" EndEvent_ClusterChecked "* ]] || { echo "the cluster access check ended at $(ended_at "$pi")" >&2; exit 1; }
}

# on NODE COMMAND: the command on a lab node over plain OpenSSH (lab key, host keys pinned from the lab).
on() { ssh "${ssh_opts[@]}" "root@$(prop "lab.$1.address")" "$2"; }

# The stand-in store's data, written on node1 (its /data is $LAB/node1/data): FILES files of random
# data (incompressible), MIB in all. Each stand-in store's dump is one of them, read with cat.
seed() {
  local mib=$1 i
  rm -rf "$LAB/node1/data/bench-store"/*.bin
  for i in $(seq "$FILES"); do
    head -c "$((mib * 1024 * 1024 / FILES))" /dev/urandom > "$LAB/node1/data/bench-store/bench-$i.bin"
  done
}

# Every 0.1 s, with the time: the orchestrator's resident memory (VmRSS, KiB), the host's dirty page
# cache (KiB), the JVM's CPU time and the host's busy and total CPU time (clock ticks), as
# "seconds rss dirty jvm busy total". Builtins only, so that it takes next to nothing from the cores.
sample_memory() {
  local k v _ rss dirty stat u n s i w q sq st
  while [ -d "/proc/$app_pid" ]; do
    rss=0 dirty=0
    while read -r k v _; do [ "$k" = VmRSS: ] && { rss=$v; break; }; done < "/proc/$app_pid/status" 2>/dev/null || true
    while read -r k v _; do [ "$k" = Dirty: ] && { dirty=$v; break; }; done < /proc/meminfo
    read -r -a stat < "/proc/$app_pid/stat" 2>/dev/null || stat=()
    read -r _ u n s i w q sq st _ < /proc/stat
    echo "$EPOCHREALTIME $rss $dirty $(( ${stat[13]:-0} + ${stat[14]:-0} )) $((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st))"
    read -r -t 0.1 <> <(:) || true
  done
}

# backup RUN: one run of backup-environment for the environment, polled every 0.5 s. Its copy step's job
# definition is suspended (as admin, as Cockpit would) while the stores are dumped, so that the run waits
# before the copy; the dumps' dirty page cache is then written out (sync), as before scp, and the job
# definition activated. Keeps the copy step's start and end (the history's activity instance: from
# the job's start), the bytes it copied (the slot's files and the manifest, as they are on the manager),
# the other steps' durations, the command log and the JVM's heap after the run.
backup() {
  local run=$1 id ended end job_definition deadline=$((SECONDS + 900))
  job_definition=$(api admin GET "/engine-rest/job-definition?processDefinitionKey=backup-environment&activityIdIn=Task_CopyToBackupServer" |
    jq -r '.[0].id')
  api admin PUT "/engine-rest/job-definition/$job_definition/suspended" '{"suspended": true, "includeJobs": true}' > /dev/null
  id=$(api operator POST /engine-rest/process-definition/key/backup-environment/start \
    "{\"variables\":{\"environmentName\":{\"value\":\"$ENV\",\"type\":\"String\"}}}" | jq -r .id)
  until [ "$(api operator GET "/engine-rest/job/count?processInstanceId=$id&activityId=Task_CopyToBackupServer" | jq -r .count)" = 1 ]; do
    [ $SECONDS -lt $deadline ] || { echo "the backup ($run) did not reach its copy within 900 s" >&2; exit 1; }
    no_failed_job "$id"
    sleep 0.5
  done
  sync
  api admin PUT "/engine-rest/job-definition/$job_definition/suspended" '{"suspended": false, "includeJobs": true}' > /dev/null
  while :; do
    ended=$(api operator GET "/engine-rest/history/process-instance/$id" | jq -r '.endTime // empty')
    [ -z "$ended" ] || break
    [ $SECONDS -lt $deadline ] || { echo "the backup ($run) did not end within 900 s" >&2; exit 1; }
    no_failed_job "$id"
    sleep 0.5
  done
  end=$(ended_at "$id")
  [ "$end" = "EndEvent_BackupsDone EndEvent_EnvironmentBackedUp" ] ||
    { echo "backup-environment ($run) ended at $end, not EndEvent_BackupsDone" >&2; exit 1; }
  api operator GET "/engine-rest/history/activity-instance?processInstanceId=$id&activityType=serviceTask&sortBy=startTime&sortOrder=asc" \
    > "$tmp/steps.$run"
  jq -r '[.[] | select(.activityId == "Task_CopyToBackupServer")][0] | "\(.startTime) \(.endTime)"' "$tmp/steps.$run" |
    while read -r start finish; do echo "$(secs "$start") $(secs "$finish")"; done > "$tmp/copy.$run"
  jq -r '.[] | "\(.activityName)\t\(.durationInMillis)"' "$tmp/steps.$run" |
    awk -F'\t' '{ t[$1] += $2; if (!($1 in n)) o[++k] = $1; n[$1]++ }
      END { for (i = 1; i <= k; i++) printf "%s%s %.1f s", (i > 1 ? ", " : ""), o[i], t[o[i]] / 1000 }' > "$tmp/stepline.$run"
  api operator GET "/engine-rest/history/variable-instance?processInstanceId=$id&variableName=backupDay" | jq -r '.[0].value' \
    > "$tmp/day.$run"
  (cd "$LAB/node1/data/backups" && stat -c %s "manifest-$(cat "$tmp/day.$run").json" bench/*-"$(cat "$tmp/day.$run")".bin) |
    awk '{ s += $1 } END { print s }' > "$tmp/bytes.$run"
  api operator GET "/api/process-instances/$id/command-log" > "$tmp/log.$run"
  jcmd "$app_pid" GC.heap_info 2>/dev/null | sed -n 's/^ *garbage-first heap *\(total [^,]*, used [^ ]*\).*/\1/p' | head -1 > "$tmp/heap.$run" || true
}

# The copy step's figures: duration (s), MiB/s, the rise of the JVM's resident memory during it (peak -
# the last sample before the step started, MiB), its peak (MiB), the most dirty page cache (MiB), the
# JVM's CPU time (s) and how busy the host's cores were (%), between the samples around the step; then
# the collections during the step, the most heap in use after one of them (MiB; "-" when none ran) and
# the heap in use after the last collection before the step.
copy_figures() {
  read -r start finish < "$tmp/copy.$1"
  awk -v s="$start" -v f="$finish" -v b="$(cat "$tmp/bytes.$1")" -v hz="$(getconf CLK_TCK)" '
    $1 <= s { before = $2; j0 = $4; b0 = $5; t0 = $6 }
    $1 >= s && $1 <= f { if ($2 > peak) peak = $2; if ($3 > dirty) dirty = $3 }
    $1 >= f && !j1 { j1 = $4; b1 = $5; t1 = $6 }
    END { d = f - s; printf "%.2f %.1f %.1f %.0f %.0f %.1f %.0f ", d, b / 1048576 / d, (peak - before) / 1024, peak / 1024,
      dirty / 1024, (j1 - j0) / hz, 100 * (b1 - b0) / (t1 - t0) }' "$tmp/memory"
  # [2026-11-25T06:12:01.123+0000] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 300M->50M(430M) 3.456ms
  sed -n 's/^\[\([^]]*\)\].* [0-9]*M->\([0-9]*\)M(.*/\1 \2/p' "$tmp/gc.log" | while read -r at after; do
    echo "$(secs "$at") $after"
  done | awk -v s="$start" -v f="$finish" '$1 < s { b = $2 } $1 >= s && $1 <= f { n++; if ($2 > m) m = $2 }
    END { print n + 0, (n ? m : "-"), (b == "" ? "-" : b) }'
}

# timed NAME COMMAND...: the command's wall time in seconds and how busy the host's cores were (%) meanwhile, into $tmp/NAME.
timed() {
  local t0=$EPOCHREALTIME u n s i w q sq st b0 a0
  read -r _ u n s i w q sq st _ < /proc/stat; b0=$((u + n + s + q + sq + st)) a0=$((u + n + s + i + w + q + sq + st))
  "${@:2}"
  read -r _ u n s i w q sq st _ < /proc/stat
  awk -v a="$EPOCHREALTIME" -v b="$t0" -v busy=$((u + n + s + q + sq + st - b0)) -v all=$((u + n + s + i + w + q + sq + st - a0)) \
    'BEGIN { printf "%.2f %.0f\n", a - b, 100 * busy / all }' > "$tmp/$1"
}

[ -f "$jar" ] || (cd "$repo" && mvn -B -q -o package -DskipTests)
echo "crvs-ops backup copy benchmark: ${BIG_MIB} MiB and ${SMALL_MIB} MiB in $FILES files, node1 (manager) to the" \
  "backup node of a lab, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "application arguments: ${*:-none (shipped settings)}; JVM options: ${BENCH_JAVA_OPTS:-none}"
lab destroy
lab create 1 --backup
key=$(prop lab.ssh.key); [ -r "$key" ] || key=$LAB/id_ed25519
ssh_opts=(-F /dev/null -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
  -o UserKnownHostsFile="$tmp/known_hosts" -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=10)
for name in $(prop lab.nodes | tr , ' '); do
  echo "$(prop "lab.$name.address") $(cut -d' ' -f1,2 "$LAB/$name/ssh_host_ed25519_key.pub")" >> "$tmp/known_hosts"
done
manager=$(prop lab.node1.address) backup_node=$(prop lab.backup.address)

# A one-node swarm on node1 with one stand-in data store: a busybox service that holds the random files.
swarm=yes
mkdir -p "$LAB/node1/data/bench-store"
on node1 "docker swarm init --advertise-addr $manager >/dev/null && docker service create --detach --quiet --name $SERVICE \
  --mount type=bind,source=/data/bench-store,target=/store local/busybox:1 sleep 86400 >/dev/null" \
  2> "$tmp/service.log" || { cat "$tmp/service.log" >&2; exit 1; }   # it warns that a local image has no digest
for _ in $(seq 120); do
  on node1 "docker service ps --filter desired-state=running --format '{{.CurrentState}}' $SERVICE" | grep -q '^Running' && break
  sleep 0.5
done

# OpenCRVS's stores off; FILES stand-in stores bench-1..bench-N, each dumping its file with cat.
stores=()
for store in hearth-dev openhim-dev user-mgnt application-config metrics webhooks performance elasticsearch influxdb \
  minio metabase vsexport postgres; do
  stores+=("--crvsops.backup.stores.$store.enabled=false")
done
for i in $(seq "$FILES"); do
  stores+=("--crvsops.backup.stores.bench-$i.service=$SERVICE" "--crvsops.backup.stores.bench-$i.folder=bench"
    "--crvsops.backup.stores.bench-$i.extension=bin" "--crvsops.backup.stores.bench-$i.command=cat /store/{store}.bin")
done
# The nightly run (00:00) is moved out of the way; KeyExchanger's debug line names the negotiated cipher;
# the GC log says how much of the heap was still in use after each collection.
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS: JVM options, word-split on purpose
java ${BENCH_JAVA_OPTS:-} -Xlog:gc:file="$tmp/gc.log":time -jar "$jar" --server.port="$APP_PORT" --crvsops.data-dir="$tmp/data" --crvsops.ssh.private-key="$key" \
  --crvsops.backup.schedule="0 0 0 1 1 *" --logging.level.net.schmizz.sshj.transport.KeyExchanger=DEBUG \
  "${stores[@]}" "$@" > "$tmp/app.log" 2>&1 &
app_pid=$!
until curl -sf -o /dev/null -u operator:demo "$url/api/environments"; do
  kill -0 "$app_pid" 2>/dev/null || { echo "crvs-ops did not start; its log:" >&2; tail -20 "$tmp/app.log" >&2; exit 1; }
  sleep 0.5
done
api operator POST /api/environments/import "$(jq -n --arg env "$ENV" --rawfile inv "$LAB/inventory.ini" \
  '{name: $env, kind: "qa", domain: "bench-copy.crvs-ops.test", inventory: $inv}')" > /dev/null
confirm_host_keys
# The passphrase the manager encrypts with, and the manager's key on the backup node (as Cluster provisioning's
# Prepare backup server authorizes it, with provisioning's own scripts).
api operator PUT "/api/environments/$ENV/secrets/backup_encryption_passphrase" \
  '{"value":"bench-copy-passphrase-5r4e3w2q"}' > /dev/null
manager_key=$(on node1 "bash -s" < "$repo/src/main/resources/scripts/provisioning/create-manager-key.sh" |
  sed -n 's/^PUBLIC_KEY //p')
on backup "bash -s root $(printf '%q' "$manager_key")" \
  < "$repo/src/main/resources/scripts/provisioning/authorize-key.sh" > /dev/null
grep "^$backup_node " "$tmp/known_hosts" > "$LAB/node1/root/.ssh/bench_known_hosts"
sample_memory > "$tmp/memory" &
sampler_pid=$!

seed "$SMALL_MIB"
backup small   # also the JIT's warm-up for the copy
seed "$BIG_MIB"
# Each round: a backup run (its copy timed), then a direct scp of the plain files it left, from node1 to the
# backup node with the same key (OpenSSH's default cipher), after a sync.
for round in $(seq "$ROUNDS"); do
  backup "big$round"
  day=$(cat "$tmp/day.big$round")
  files=()
  for i in $(seq "$FILES"); do files+=("bench/bench-$i-$day.bin"); done
  on backup "rm -rf /data/scp-direct && mkdir -p /data/scp-direct"
  sync
  timed "direct.$round" on node1 "scp -q -F /dev/null -i /root/.ssh/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes \
    -o UserKnownHostsFile=/root/.ssh/bench_known_hosts -o GlobalKnownHostsFile=/dev/null \
    $(printf '/data/backups/%s ' "${files[@]}") root@$backup_node:/data/scp-direct/"
done
stop_sampler
stop_app
grep -o 'Negotiated algorithms: .*' "$tmp/app.log" | sort -u | sed 's/^/  crvs-ops (sshj) /' > "$tmp/algorithms"
ssh -v "${ssh_opts[@]}" "root@$manager" true 2>&1 | grep -o 'kex: server->client cipher: .*' | head -1 | sed 's/^/  OpenSSH /' >> "$tmp/algorithms"
bytes=$(cd "$LAB/node1/data/backups" && stat -c %s "${files[@]}" | awk '{ s += $1 } END { print s }')

# What crvs-ops left on the backup node: each file encrypted in the run's set (yyyy-MM-dd); decrypted with the
# command docs/backup.md gives an administrator, it must equal the plain copy scp made.
set_dir=$(cd "$LAB/backup/data/backups" && ls -d 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] | sort | tail -1)
[ -f "$LAB/backup/data/backups/$set_dir/offsite-$day.json" ] || { echo "no complete set $set_dir on the backup node" >&2; exit 1; }
timed decrypt on backup "cd /data/backups/$set_dir/bench && for f in bench-*-$day.bin.enc; do
  echo bench-copy-passphrase-5r4e3w2q | openssl enc -d -aes-256-cbc -pbkdf2 -in \$f -pass stdin | sha256sum | sed \"s|-|\${f%.enc}|\";
  done > /tmp/bench-decrypted.sha256"
on backup "cd /data/scp-direct && sha256sum -- bench-*-$day.bin > /tmp/bench-plain.sha256 && diff /tmp/bench-plain.sha256 /tmp/bench-decrypted.sha256 >/dev/null" ||
  { echo "the decrypted copies differ from the plain ones" >&2; exit 1; }
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

echo "negotiated (server->client cipher, i.e. from node1):"; cat "$tmp/algorithms"
runs=(small $(for round in $(seq "$ROUNDS"); do echo "big$round"; done))
for run in "${runs[@]}"; do
  echo "backup run $run: $(cat "$tmp/stepline.$run"); JVM heap after it: $(cat "$tmp/heap.$run")"
done
printf '  %-6s %9s %8s %8s %6s %9s %8s %6s %6s\n' run "copy MiB" "crvs s" "MiB/s" "busy%" "scp s" "MiB/s" "busy%" ratio
for run in "${runs[@]}"; do
  read -r d r _ _ _ _ busy _ _ < <(copy_figures "$run")
  dd=- busyd=""
  [ ! -f "$tmp/direct.${run#big}" ] || read -r dd busyd < "$tmp/direct.${run#big}"
  awk -v run="$run" -v b="$(cat "$tmp/bytes.$run")" -v d="$d" -v r="$r" -v u="$busy" -v dd="$dd" -v ud="${busyd:-}" \
    -v s="$bytes" 'BEGIN {
    printf "  %-6s %9.0f %8.2f %8.1f %6d", run, b / 1048576, d, r, u
    if (dd == "-") printf " %9s %8s %6s %6s\n", "-", "-", "-", "-"
    else printf " %9.2f %8.1f %6d %6.2f\n", dd, s / 1048576 / dd, ud, r / (s / 1048576 / dd) }'
done | tee "$tmp/table"
read -r d busy < "$tmp/decrypt"
awk -v b="$bytes" -v d="$d" -v u="$busy" 'BEGIN {
  printf "openssl enc -d (the documented decryption) and sha256sum on the backup node: %.0f MiB in %.2f s = %.1f MiB/s; cores %d %% busy\n",
    b / 1048576, d, b / 1048576 / d, u }'
echo "load average at the end: $load_end"
for run in "${runs[@]}"; do
  read -r _ _ rise peak _ cpu _ gcs live before < <(copy_figures "$run")
  awk -v run="$run" -v m="$(cat "$tmp/bytes.$run")" -v rise="$rise" -v peak="$peak" -v cpu="$cpu" -v gcs="$gcs" -v live="$live" \
    -v before="$before" 'BEGIN {
    printf "memory, %s, %.0f MiB copied: heap in use after collections %s, %s MiB after the last one before it;" \
      " the JVM'"'"'s resident memory rose by %.1f MiB (peak %d MiB); JVM CPU %.1f s\n", run, m / 1048576,
      gcs ? "at most " live " MiB during it (" gcs " of them)" : "- during it (none ran: it fitted in the young generation)",
      before, rise, peak, cpu }'
done
# The median round (by ratio) is the headline; every round is in the table above.
awk '$1 ~ /^big/ { print $4, $7, $9 }' "$tmp/table" | sort -k3 -n | awk -v n="$ROUNDS" -v s="$bytes" '
  { r[NR] = $1; rd[NR] = $2; q[NR] = $3 } END {
    m = int((n + 1) / 2)
    printf "copy %.0f MiB, encrypted, median of %d rounds: crvs-ops %.1f MiB/s, scp node1 -> backup node %.1f MiB/s," \
      " ratio %.2f (rounds %.2f to %.2f; target at least 0.9)\n", s / 1048576, n, r[m], rd[m], q[m], q[1], q[n] }'
