#!/usr/bin/env bash
# The emergency restore from the backup server, timed by phase: on a 3-node lab with a backup node, a production
# environment whose stand-in stores hold BENCH_MIB (default 300) MiB of random data is backed up once (encrypted
# onto the backup server), the manager's copies are deleted, and an emergency restore is run through REST
# (started by lead, the backup server's set chosen, approved by supervisor). The phases' times come from the
# engine's history (/history/activity-instance). Fetch and decrypt are one step (Fetch backup from backup server,
# per file one pipeline ssh | tee openssl dgst | openssl enc -d), so the bench measures them itself, on the manager right
# after the restore in the same run: the step's ssh alone (cat of each .enc into a file), openssl enc -d alone of
# those files, and the step's whole pipeline by plain ssh. The step splits into fetch and decrypt as each took alone,
# what streaming them together took beyond both, and crvs-ops's part (the step less its pipelines run by plain ssh).
# The step's command log gives each file's pull. Prints each phase's seconds, share and how busy the host's cores
# were, the slowest, and the fetch's MiB/s. BENCH_FROM=<folder BENCH_KEEP kept> prints the figures again, no lab.
# Prints figures, never fails on a target. Run as root, holding the lab's lock (others use the lab too):
#   flock /var/lock/crvs-ops-lab.lock bash bench/restore-backup.sh [application arguments]
# Application arguments go to the jar, BENCH_JAVA_OPTS to the JVM. Leaves the lab destroyed.
# BENCH_KEEP=<folder> keeps the raw figures (history, command log, crvs-ops's log).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=$repo/target/crvs-ops.jar
LAB=/var/lib/crvs-ops-lab
LOCK=/var/lock/crvs-ops-lab.lock
APP_PORT=${BENCH_PORT:-18084}
ENV=bench-restore
MIB=${BENCH_MIB:-300}
PASSPHRASE=bench-restore-passphrase-8u7y6t5r
PHRASE="RESTORE $ENV AND REPLACE ALL DATA"
NODES=(node1 node2 node3)
url=http://localhost:$APP_PORT
[[ "$MIB" =~ ^[1-9][0-9]{0,5}$ ]] || { echo "BENCH_MIB '$MIB' is not a size in MiB; allowed: 1 to 999999" >&2; exit 2; }


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
ended_at() {
  api operator GET "/engine-rest/history/activity-instance?processInstanceId=$1&activityType=noneEndEvent" |
    jq -r '[.[].activityId] | unique | join(" ")'
}
# await_end ID WHAT LIMIT: polls every 0.5 s until the instance has ended.
await_end() {
  local deadline=$((SECONDS + $3))
  until [ -n "$(api operator GET "/engine-rest/history/process-instance/$1" | jq -r '.endTime // empty')" ]; do
    [ $SECONDS -lt $deadline ] || { echo "$2 did not end within $3 s" >&2; exit 1; }
    no_failed_job "$1"
    sleep 0.5
  done
}
# The decision task of the approve-change instance that the instance called, as the supervisor sees it.
approval_task() {
  local child
  for child in $(api supervisor GET "/engine-rest/process-instance?superProcessInstance=$1" | jq -r '.[].id'); do
    api supervisor GET "/engine-rest/task?processInstanceId=$child" | jq -r 'if length == 1 then .[0].id else empty end'
  done
}
# await_approval ID: the supervisor approves the change the instance waits for.
await_approval() {
  local task="" deadline=$((SECONDS + 900))
  until [ -n "$task" ]; do
    [ $SECONDS -lt $deadline ] || { echo "no approval task for $1 within 900 s" >&2; exit 1; }
    no_failed_job "$1"
    sleep 0.5
    task=$(approval_task "$1")
  done
  api supervisor POST "/engine-rest/task/$task/complete" '{"variables":{"decision":{"value":"approve","type":"String"}}}' > /dev/null
}

# Cluster access check of a production environment: each offered host key compared with lab.properties and
# confirmed by the supervisor (a first host key on production needs a second person), the summary read by the operator.
confirm_host_keys() {
  local pi task vars addr name offered deadline=$((SECONDS + 300))
  pi=$(api operator POST /engine-rest/process-definition/key/check-cluster/start \
    "{\"variables\":{\"environmentName\":{\"value\":\"$ENV\",\"type\":\"String\"}}}" | jq -r .id)
  while :; do
    [ "$(api operator GET "/engine-rest/history/process-instance/$pi" | jq -r .state)" = ACTIVE ] || break
    [ $SECONDS -lt $deadline ] || { echo "the cluster access check did not end within 300 s" >&2; exit 1; }
    no_failed_job "$pi"
    for task in $(api auditor GET "/engine-rest/task?processInstanceId=$pi" | jq -r '.[] | "\(.id)/\(.taskDefinitionKey)"'); do
      if [ "${task#*/}" = UserTask_ReadClusterSummary ]; then
        api operator POST "/engine-rest/task/${task%/*}/complete" '{}' > /dev/null
      else
        vars=$(api supervisor GET "/engine-rest/task/${task%/*}/variables")
        addr=$(jq -r .nodeAddress.value <<< "$vars"); offered=$(jq -r .offeredFingerprint.value <<< "$vars")
        name=$(sed -n "s/^lab\.\(.*\)\.address=$addr\$/\1/p" "$LAB/lab.properties")
        [ "$offered" = "$(prop "lab.$name.hostKeyFingerprint")" ] ||
          { echo "$addr offered host key $offered, not the one in lab.properties" >&2; exit 1; }
        api supervisor POST "/engine-rest/task/${task%/*}/complete" \
          '{"variables":{"fingerprintConfirmed":{"value":true,"type":"Boolean"}}}' > /dev/null
      fi
    done
    sleep 0.5
  done
  [[ " $(ended_at "$pi") " == *" EndEvent_ClusterChecked "* ]] || { echo "the cluster access check ended at $(ended_at "$pi")" >&2; exit 1; }
}

# on NODE COMMAND: the command on a lab node over plain OpenSSH (lab key, host keys pinned from the lab).
on() { ssh "${ssh_opts[@]}" "root@$(prop "lab.$1.address")" "$2"; }

# timed NAME COMMAND...: the command's wall time in seconds and how busy the host's cores were (%) meanwhile, into $tmp/NAME.
timed() {
  local t0=$EPOCHREALTIME u n s i w q sq st b0 a0
  read -r _ u n s i w q sq st _ < /proc/stat; b0=$((u + n + s + q + sq + st)) a0=$((u + n + s + i + w + q + sq + st))
  "${@:2}"
  read -r _ u n s i w q sq st _ < /proc/stat
  awk -v a="$EPOCHREALTIME" -v b="$t0" -v busy=$((u + n + s + q + sq + st - b0)) -v all=$((u + n + s + i + w + q + sq + st - a0)) \
    'BEGIN { printf "%.2f %.0f\n", a - b, 100 * busy / all }' > "$tmp/$1"
}

# Every 0.2 s: the time and the host's busy and total CPU time (clock ticks), "seconds busy total"; builtins only.
sample_cpu() {
  local u n s i w q sq st
  while :; do
    read -r _ u n s i w q sq st _ < /proc/stat
    echo "$EPOCHREALTIME $((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st))"
    read -r -t 0.2 <> <(:) || true
  done
}
# busy_between FROM TO (ISO times): how busy the host's cores were (%) between the samples around them.
busy_between() {
  awk -v s="$(secs "$1")" -v f="$(secs "$2")" '$1 <= s { b0 = $2; t0 = $3 } $1 >= f && !t1 { b1 = $2; t1 = $3 }
    END { if (t1 > t0 && t0) printf "%.0f", 100 * (b1 - b0) / (t1 - t0); else printf "-" }' "$tmp/cpu"
}

# The stand-in stores (src/test/fixture-stack/datastores, as EmergencyRestoreIT runs them), each with a store's share
# of MIB as one file of random data (a real dump, gzip'd or an archive of compressed files, hardly shrinks):
# store, node, folder under /data/standin, per cent.
STORES="hearth-dev node1 mongo/hearth-dev 25
openhim-dev node1 mongo/openhim-dev 1
user-mgnt node1 mongo/user-mgnt 2
application-config node1 mongo/application-config 1
metrics node1 mongo/metrics 1
webhooks node1 mongo/webhooks 1
performance node1 mongo/performance 1
elasticsearch node1 elasticsearch 20
influxdb node2 influxdb 10
minio node1 minio 30
metabase node1 metabase 5
vsexport node1 vsexport 3"
# Where each store's folder is mounted in its container (the compose file's volumes).
mount_of() {
  case $1 in
    elasticsearch) echo /usr/share/elasticsearch/data ;; influxdb) echo /var/lib/influxdb ;; minio) echo /data ;;
    metabase) echo /data/metabase ;; vsexport) echo /vsexport ;; *) echo "/data/db/$1" ;;
  esac
}
# Seeds every store: seed-standins.sh's files (run.txt holds RUN) and the store's share of random data, written on
# the host into the node's /data ($LAB/<node>/data).
seed() {
  local store node folder pct
  for node in node1 node2; do
    on "$node" "bash -s $1" < "$repo/src/test/fixture-stack/datastores/seed-standins.sh"
  done
  [ "${2:-}" = data ] || return 0
  while read -r store node folder pct; do
    head -c "$((MIB * 1024 * 1024 * pct / 100))" /dev/urandom > "$LAB/$node/data/standin/$folder/data.bin"
  done <<< "$STORES"
}
# Each stand-in's dump, restore and check command (EmergencyRestoreIT's, without its one-second pause).
store_commands() {
  local store f p
  while read -r store _ _ _; do
    f=$(mount_of "$store") p="--crvsops.backup.stores.$store"
    echo "$p.command=busybox tar -cf - -C $f . | busybox gzip -c"
    echo "$p.restore-command=busybox rm -rf $f/* && busybox gzip -dc {file} | busybox tar -xf - -C $f"
    echo "$p.verify-command=busybox test -f $f/records.txt"
  done <<< "$STORES"
  echo "--crvsops.backup.stores.postgres.enabled=false"
}

# The figures, from the files in $tmp (or a kept folder). The whole is the restore's wall time less the people's time
# (Choose backup, Approve restore).
figures() {
local tmp=$1 fetch_step check safety restore_body restore_steps people restores start end fa da ha enc_bytes enc_files
read -r enc_bytes enc_files < "$tmp/set"
jq -r '
  def ms(a): [.[] | select(.activityId == a) | .durationInMillis // 0] | add // 0;
  [ms("Task_FetchFromBackupServer"), ms("Task_CheckBackupFiles"), ms("Task_DumpStoreForSafety#multiInstanceBody") + ms("Task_WriteSafetyManifest"),
   ms("Task_RestoreDataStore#multiInstanceBody"), ms("Task_RestoreDataStore"),
   ms("UserTask_ChooseBackup") + ms("CallActivity_ApproveChange"), ([.[] | select(.activityId == "Task_RestoreDataStore")] | length)]
  | @tsv' "$tmp/restore-steps.json" > "$tmp/phases.tsv"
read -r fetch_step check safety restore_body restore_steps people restores < "$tmp/phases.tsv"
[ "$restore_body" != 0 ] || restore_body=$restore_steps   # no multi-instance body in the history: the steps' sum
start=$(secs "$(jq -r .startTime "$tmp/restore.json")"); end=$(secs "$(jq -r .endTime "$tmp/restore.json")")
read -r fa _ < "$tmp/fetch-alone"; read -r da _ < "$tmp/decrypt-alone"; read -r ha _ < "$tmp/hash-alone"
echo "backup: $(jq -r '[.[] | "\(.activityName) \(.durationInMillis / 1000 | tostring | .[0:5]) s"] | join(", ")' "$tmp/backup-steps.json")"
echo "restore, every step of the history (s):"
jq -r '.[] | select(.activityType | test("serviceTask|callActivity|userTask|intermediateTimer|multiInstanceBody"))
  | "\(.activityId)\t\(.activityName // "")\t\(.durationInMillis // 0)"' "$tmp/restore-steps.json" |
  awk -F'\t' '{ t[$1] += $3; c[$1]++; n[$1] = $2; if (!($1 in s)) o[++k] = $1; s[$1] = 1 }
    END { for (i = 1; i <= k; i++) { b = o[i]; sub(/#multiInstanceBody$/, "", b)
      printf "  %-48s %8.2f%s\n", (o[i] ~ /multiInstanceBody/ ? n[b] ", all stores, with hand-overs" : n[o[i]]),
      t[o[i]] / 1000, (c[o[i]] > 1 ? " (" c[o[i]] ")" : "") } }'
read -r ca _ < "$tmp/connect-alone"
sa=$(awk -v m="$fetch_step" 'BEGIN { print m / 1000 }'); [ ! -f "$tmp/streamed-alone" ] || read -r sa _ < "$tmp/streamed-alone"; sa=${sa:-0}
# The step's pulls from its command log: each file's "Fetching i of n" line to the STATUS its pipeline printed.
jq -r '.[] | select(.activityId == "Task_FetchFromBackupServer") | "\(.loggedAt) \(.line)"' "$tmp/restore-log.json" |
  while read -r at line; do
    case $line in
      "[crvs-ops] Fetching "*) echo "F $(secs "$at") $(sed -n 's/.*(\([0-9]*\) bytes)$/\1/p' <<< "$line")" ;;
      "STATUS "*) echo "S $(secs "$at")" ;;
    esac
  done | awk '$1 == "F" { t = $2; b = $3 } $1 == "S" && t { d = $2 - t; sum += d; n++;
      if (!mb || b < mb) { mb = b; md = d } t = 0 } END { printf "%.2f %d %.0f %.2f\n", sum, n, mb, md }' > "$tmp/pulls"
read -r pulls npulls small_bytes small_secs < "$tmp/pulls"
busy() { awk -v a="$1" '$1 == a { print $2; exit }' "$tmp/busy" 2>/dev/null || true; }
body_id=Task_RestoreDataStore#multiInstanceBody
awk -v w="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" -v people="$people" -v step="$fetch_step" -v fa="$fa" -v da="$da" \
  -v ha="$ha" -v ca="$ca" -v sa="$sa" -v check="$check" -v safety="$safety" -v body="$restore_body" -v steps="$restore_steps" -v n="$restores" \
  -v bytes="$enc_bytes" -v files="$enc_files" -v pulls="$pulls" -v np="$npulls" -v sb="$small_bytes" -v sd="$small_secs" \
  -v dumps="$(jq '[.[] | select(.activityName == "Dump data store") | .durationInMillis] | add / 1000' "$tmp/backup-steps.json")" \
  -v ub="$(busy Task_FetchFromBackupServer)" -v uc="$(busy Task_CheckBackupFiles)" -v us="$(busy "Task_DumpStoreForSafety#multiInstanceBody")" \
  -v ur="$(busy "$body_id")" '
  BEGIN {
    whole = w - people / 1000; s = step / 1000
    # Fetch and decrypt run at once in the step, one pipeline per file. The step is its pipelines as they take run
    # alone by plain ssh (sa) and the part of crvs-ops (s - sa); the pipelines are fetch and decrypt as each takes
    # alone, and what running them together cost beyond both. Had together taken less than both alone (the overlap
    # gaining), the time of the pipelines is shared in proportion to each alone.
    if (sa >= fa + da) { fetch = fa; decrypt = da; rest = sa - fa - da; how = "each as long as it takes alone; what streaming them together took beyond that, and crvs-ops'"'"'s part, rows of their own" }
    else { fetch = sa * fa / (fa + da); decrypt = sa * da / (fa + da); rest = 0; how = "the pipelines'"'"' time shared in proportion to each alone (together they took less than both); crvs-ops'"'"'s part a row of its own" }
    name[1] = "fetch"; t[1] = fetch; u[1] = ub; name[2] = "decrypt"; t[2] = decrypt; u[2] = ub
    name[3] = "  fetch step: streaming fetch, check and decrypt together"; t[3] = rest; u[3] = ub
    name[8] = "  fetch step: crvs-ops'"'"'s part (commands, listing, moves)"; t[8] = s - sa; u[8] = ub
    name[4] = "check (Check backup files)"; t[4] = check / 1000; u[4] = uc
    name[5] = "safety backup"; t[5] = safety / 1000; u[5] = us; name[6] = "restore (12 stores)"; t[6] = body / 1000; u[6] = ur
    name[7] = "other (list, stop, start, check stores, report, hand-overs)"; t[7] = whole - s - t[4] - t[5] - t[6]; u[7] = ""
    printf "restore of %.0f MiB (%d encrypted files): wall %.1f s, of which people %.1f s (Choose backup, Approve restore); the whole without them %.1f s\n",
      bytes / 1048576, files, w, people / 1000, whole
    printf "  %-60s %8s %7s %11s\n", "phase", "s", "share", "cores busy"
    split("1 2 3 8 4 5 6 7", order, " ")
    for (k = 1; k <= 8; k++) {
      i = order[k]
      printf "  %-60s %8.2f %6.1f%% %10s\n", name[i], t[i], 100 * t[i] / whole, (u[i] == "" ? "" : u[i] "%")
      if (i != 7 && t[i] > t[m]) m = i
    }
    printf "slowest phase: %s, %.1f s (%.0f %% of the whole)\n", name[m], t[m], 100 * t[m] / whole
    printf "fetch and decrypt: one step, Fetch backup from backup server, %.2f s (per file one pipeline ssh | tee openssl dgst | openssl enc -d);\n", s
    printf "  split: %s. Alone, on the manager after the restore, the same commands one after the other:\n", how
    printf "  fetch (the step'"'"'s ssh, cat of each .enc into a file) %.2f s, decrypt (openssl enc -d of those files) %.2f s,\n", fa, da
    printf "  their SHA-256 (openssl dgst) %.2f s, an ssh connection to the backup node %.2f s (of 5); the step'"'"'s pipeline by plain ssh %.2f s\n", ha, ca / 5, sa
    printf "  the step'"'"'s command log: %d pulls %.2f s in all, %.2f s outside them (listing the set, known_hosts, moving each file into place,\n", np, pulls, s - pulls
    printf "  reading the manifest); the smallest file, %.1f MiB, took %.2f s\n", sb / 1048576, sd
    printf "  restore: %d Restore data store steps %.2f s in all; the multi-instance body, hand-overs included, %.2f s\n", n, steps / 1000, body / 1000
    printf "  safety backup %.2f s; the same stores'"'"' dumps in the backup before %.2f s\n", safety / 1000, dumps
    printf "fetch MiB/s: %.1f through the step (fetched, checked, decrypted, %d files one after the other), %.1f in its pulls, %.1f for the fetch alone\n",
      bytes / 1048576 / s, files, bytes / 1048576 / pulls, bytes / 1048576 / fa
  }'
}


# BENCH_FROM=<folder BENCH_KEEP kept>: only the figures again, no lab.
if [ -n "${BENCH_FROM:-}" ]; then figures "$BENCH_FROM"; exit 0; fi
if flock -n "$LOCK" true; then
  echo "the lab is shared: run me holding its lock, flock $LOCK bash $0" >&2
  exit 2
fi
tmp=$(mktemp -d /tmp/crvs-ops-bench-restore.XXXXXX)
app_pid="" swarm="" sampler_pid=""
lab() { bash "$repo/src/test/testbed/lab.sh" "$@" >> "$tmp/lab.log"; }
stop_app() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; app_pid=""; }
cleanup() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; fi
  stop_app
  if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP" && find "$tmp" -maxdepth 1 -type f ! -name response -exec cp {} "$BENCH_KEEP/" \; || true
  fi
  if [ -n "$swarm" ]; then
    on node1 "docker stack rm opencrvs >/dev/null 2>&1; true" || true
    for node in node3 node2 node1; do
      on "$node" "for _ in \$(seq 60); do [ -z \"\$(docker ps -q)\" ] && break; sleep 0.5; done;
        docker swarm leave --force >/dev/null 2>&1; true" || true
    done
  fi
  lab destroy || echo "lab.sh destroy failed; see $tmp/lab.log" >&2
  rm -rf "$tmp"
}
trap cleanup EXIT

[ -f "$jar" ] || (cd "$repo" && mvn -B -q -o package -DskipTests)
echo "crvs-ops restore benchmark: $MIB MiB in 12 stand-in stores, 3-node lab with a backup node, $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); application arguments: ${*:-none (shipped settings)}"
lab destroy
lab create 3 --backup
key=$(prop lab.ssh.key); [ -r "$key" ] || key=$LAB/id_ed25519
ssh_opts=(-F /dev/null -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
  -o UserKnownHostsFile="$tmp/known_hosts" -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=10)
for name in $(prop lab.nodes | tr , ' '); do
  echo "$(prop "lab.$name.address") $(cut -d' ' -f1,2 "$LAB/$name/ssh_host_ed25519_key.pub")" >> "$tmp/known_hosts"
done

# The swarm (node1 inits and manages it, node2 and node3 join) and the stand-in stack opencrvs, as the ITs deploy it.
swarm=yes
on node1 "docker swarm init --advertise-addr $(prop lab.node1.address) >/dev/null"
token=$(on node1 "docker swarm join-token -q worker")
for node in node2 node3; do on "$node" "docker swarm join --token $token $(prop lab.node1.address):2377 >/dev/null"; done
seed 1 data
on node1 "mkdir -p /data/standin-stack && cat > /data/standin-stack/compose.yml && docker stack deploy \
  -c /data/standin-stack/compose.yml opencrvs" < "$repo/src/test/fixture-stack/datastores/docker-compose.yml" >> "$tmp/stack.log" 2>&1 ||
  { cat "$tmp/stack.log" >&2; exit 1; }
for _ in $(seq 240); do
  [ "$(on node1 "docker service ls --filter name=opencrvs_ --format '{{.Replicas}}'" | grep -cv '^\([0-9]*\)/\1$')" = 0 ] && break
  sleep 0.5
done

mapfile -t stores < <(store_commands)
# The nightly backup (00:00) is moved out of the way.
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS: JVM options, word-split on purpose
java ${BENCH_JAVA_OPTS:-} -jar "$jar" --server.port="$APP_PORT" --crvsops.data-dir="$tmp/data" --crvsops.ssh.private-key="$key" \
  --crvsops.backup.schedule="0 0 0 1 1 *" --crvsops.deploy.health-urls= "${stores[@]}" "$@" > "$tmp/app.log" 2>&1 &
app_pid=$!
until curl -sf -o /dev/null -u operator:demo "$url/api/environments"; do
  kill -0 "$app_pid" 2>/dev/null || { echo "crvs-ops did not start; its log:" >&2; tail -20 "$tmp/app.log" >&2; exit 1; }
  sleep 0.5
done
# A production environment: the operator registers it, the supervisor approves.
registration=$(api operator POST /api/environments/import "$(jq -n --arg env "$ENV" --rawfile inv "$LAB/inventory.ini" \
  '{name: $env, kind: "production", domain: "bench-restore.crvs-ops.test", inventory: $inv}')" | jq -r .processInstanceId)
await_approval "$registration"
for _ in $(seq 240); do curl -sf -o /dev/null -u operator:demo "$url/api/environments/$ENV" && break; sleep 0.5; done
confirm_host_keys
for secret in mongodb_admin_user:bench-admin-4r mongodb_admin_password:Bench-Mongo-Pass-6y5t \
  elasticsearch_superuser_password:Bench-Es-Pass-2w3e "backup_encryption_passphrase:$PASSPHRASE"; do
  api operator PUT "/api/environments/$ENV/secrets/${secret%%:*}" "{\"value\":\"${secret#*:}\"}" > /dev/null
done
# The manager's key on the backup node, as Cluster provisioning's Prepare backup server authorizes it.
manager_key=$(on node1 "bash -s" < "$repo/src/main/resources/scripts/provisioning/create-manager-key.sh" |
  sed -n 's/^PUBLIC_KEY //p')
on backup "bash -s root $(printf '%q' "$manager_key")" \
  < "$repo/src/main/resources/scripts/provisioning/authorize-key.sh" > /dev/null

sample_cpu > "$tmp/cpu" &
sampler_pid=$!
# One backup, onto the manager and (encrypted) the backup server.
backup=$(api operator POST /engine-rest/process-definition/key/backup-environment/start \
  "{\"variables\":{\"environmentName\":{\"value\":\"$ENV\",\"type\":\"String\"}}}" | jq -r .id)
await_end "$backup" "the backup" 1800
[[ " $(ended_at "$backup") " == *" EndEvent_BackupsDone "* ]] || { echo "the backup ended at $(ended_at "$backup")" >&2; exit 1; }
api operator GET "/engine-rest/history/activity-instance?processInstanceId=$backup&activityType=serviceTask&sortBy=startTime&sortOrder=asc" \
  > "$tmp/backup-steps.json"
set_name=$(cd "$LAB/backup/data/backups" && ls -d 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] | sort | tail -1)
ls "$LAB/backup/data/backups/$set_name"/offsite-*.json > /dev/null || { echo "no complete set on the backup node" >&2; exit 1; }
enc_bytes=$(find "$LAB/backup/data/backups/$set_name" -name '*.enc' -printf '%s\n' | awk '{ s += $1 } END { print s }')
enc_files=$(find "$LAB/backup/data/backups/$set_name" -name '*.enc' | wc -l)
echo "$enc_bytes $enc_files" > "$tmp/set"
# The data changes (run 2), and the manager's copies are lost.
seed 2
on node1 "find /data/backups -mindepth 1 -delete"
sync

# The emergency restore: lead starts it and chooses the backup server's set, supervisor approves.
restore=$(api lead POST /engine-rest/process-definition/key/emergency-restore/start "$(jq -n --arg env "$ENV" --arg p "$PHRASE" \
  '{variables: {environmentName: {value: $env, type: "String"}, confirmationPhrase: {value: $p, type: "String"}}}')" | jq -r .id)
task="" deadline=$((SECONDS + 300))
until [ -n "$task" ]; do
  [ $SECONDS -lt $deadline ] || { echo "the restore offered no choice of backup within 300 s" >&2; exit 1; }
  no_failed_job "$restore"
  sleep 0.5
  task=$(api lead GET "/engine-rest/task?processInstanceId=$restore&taskDefinitionKey=UserTask_ChooseBackup" | jq -r '.[0].id // empty')
done
api lead GET "/engine-rest/process-instance/$restore/variables/availableBackups" | jq -r .value > "$tmp/available"
grep -q "^$set_name .*on the backup server only" "$tmp/available" ||
  { echo "the list of backups does not offer $set_name on the backup server only:" >&2; cat "$tmp/available" >&2; exit 1; }
api lead POST "/engine-rest/task/$task/complete" "{\"variables\":{\"backupSlot\":{\"value\":\"$set_name\",\"type\":\"String\"}}}" > /dev/null
await_approval "$restore"
await_end "$restore" "the restore" 3600
[[ " $(ended_at "$restore") " == *" EndEvent_EnvironmentRestored "* ]] ||
  { echo "the restore ended at $(ended_at "$restore")" >&2; exit 1; }
while read -r store node folder _; do
  [ "$(cat "$LAB/$node/data/standin/$folder/run.txt")" = 1 ] || { echo "$store does not hold the backup's data (run 1)" >&2; exit 1; }
done <<< "$STORES"
api operator GET "/engine-rest/history/activity-instance?processInstanceId=$restore&sortBy=startTime&sortOrder=asc&maxResults=1000" \
  > "$tmp/restore-steps.json"
api operator GET "/engine-rest/history/process-instance/$restore" > "$tmp/restore.json"
api operator GET "/api/process-instances/$restore/command-log" > "$tmp/restore-log.json" || true
stop_app

kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
# Per phase, how busy the host's cores were (the lab's nodes, crvs-ops and whatever else runs on the machine).
jq -r '.[] | select(.endTime != null) | "\(.activityId) \(.startTime) \(.endTime)"' "$tmp/restore-steps.json" |
  while read -r activity from to; do echo "$activity $(busy_between "$from" "$to")"; done > "$tmp/busy"
# Fetch and decrypt alone, on the manager, in the same run: the step's ssh command (cat of each .enc into a file)
# and its openssl decryption of those files, one after the other; the backup node's files as warm as for the step.
ssh_backup="ssh -n -i /root/.ssh/id_ed25519 -o BatchMode=yes -o StrictHostKeyChecking=yes \
-o UserKnownHostsFile=/root/.ssh/crvs-ops-backup-server.known_hosts -o GlobalKnownHostsFile=/dev/null -p 22 \
root@$(prop lab.backup.address)"
files=$(cd "$LAB/backup/data/backups/$set_name" && find . -name '*.enc' | sed 's|^\./||' | sort)
on node1 "rm -rf /data/bench-alone && mkdir -p /data/bench-alone"
sync
timed fetch-alone on node1 "for f in $(echo $files); do $ssh_backup \"cat -- /data/backups/$set_name/\$f\" > /data/bench-alone/\${f//\//_}; done; sync"
# The step's own pipeline (OffsiteCommands.pull: ssh | tee to openssl dgst -sha256 beside | openssl enc -d), run by plain ssh.
mkdir -p "$LAB/node1/data/bench-alone/streamed"
cat > "$LAB/node1/data/bench-alone/streamed.sh" <<SCRIPT
read -r p
for f in \$files; do
  fifo=\$(mktemp -u); sum=\$(mktemp); mkfifo "\$fifo"; openssl dgst -sha256 -r < "\$fifo" > "\$sum" & reader=\$!
  $ssh_backup "cat -- /data/backups/$set_name/\$f" | tee "\$fifo" |
    openssl enc -d -aes-256-cbc -pbkdf2 -pass fd:3 -out "/data/bench-alone/streamed/\${f//\//_}.partial" 3< <(printf '%s\n' "\$p")
  s="\${PIPESTATUS[*]}"; wait \$reader; rm -f "\$fifo" "\$sum"
  [ "\$s" = "0 0 0" ] || { echo "\$f: \$s" >&2; exit 1; }
done
sync
SCRIPT
timed streamed-alone on node1 "files='$(echo $files)' bash /data/bench-alone/streamed.sh" <<< "$PASSPHRASE"
timed connect-alone on node1 "for _ in 1 2 3 4 5; do $ssh_backup true; done"
timed hash-alone on node1 "cd /data/bench-alone && openssl dgst -sha256 -r *.enc > /dev/null"
# The passphrase on standard input, as the step gives it (printf is a builtin: on no command line).
timed decrypt-alone on node1 "read -r p; cd /data/bench-alone && for f in *.enc; do
  printf '%s\\n' \"\$p\" | openssl enc -d -aes-256-cbc -pbkdf2 -pass stdin -in \$f -out \${f%.enc} || exit 1; done; sync" <<< "$PASSPHRASE"
on node1 "rm -rf /data/bench-alone"

figures "$tmp"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
