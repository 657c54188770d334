#!/usr/bin/env bash
# Provisioning a fresh 5-node lab with a backup server: crvs-ops's process provision-cluster beside the
# same commands over plain SSH (bench/plain-ssh-provision.sh), each on a fresh lab and once more with
# nothing to change. Target: the process takes at most 2x the plain-SSH time. Prints figures, never
# fails on the target. Run as root, holding the lab's lock (others use the lab too):
#   flock /var/lock/crvs-ops-lab.lock bash bench/provision-cluster.sh [application arguments]
# Application arguments go to the jar, e.g. --camunda.bpm.job-execution.wait-time-in-millis=500.
# Leaves the lab destroyed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=$repo/target/crvs-ops.jar
LAB=/var/lib/crvs-ops-lab
LOCK=/var/lock/crvs-ops-lab.lock
APP_PORT=${BENCH_PORT:-18081}
ENV=bench-lab
url=http://localhost:$APP_PORT

if flock -n "$LOCK" true; then
  echo "the lab is shared: run me holding its lock, flock $LOCK bash $0" >&2
  exit 2
fi
tmp=$(mktemp -d /tmp/crvs-ops-bench.XXXXXX)
app_pid=""
lab() { bash "$repo/src/test/testbed/lab.sh" "$@" >> "$tmp/lab.log"; }
stop_app() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; app_pid=""; }
cleanup() {
  stop_app
  lab destroy || echo "lab.sh destroy failed; see $tmp/lab.log" >&2
  rm -f /mongodb-keyfile /mongodb-keyfile.new   # a lab node's / is the host's: the key file lands here
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
prop() { sed -n "s/^$1=//p" "$LAB/lab.properties"; }
fresh_lab() { lab destroy; rm -f /mongodb-keyfile /mongodb-keyfile.new; lab create 5 --backup; }

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

# Cluster access check, as an operator: each host key offered is compared with lab.properties, then confirmed.
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

# CPU time the crvs-ops JVM has used so far (all its threads: engine, SSH, JIT, GC), in seconds.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$app_pid/stat"; }

# provision RUN: one provision-cluster run, from just before the start request to the end its history
# records (same clock); polled twice a second only, so that the polls take little from the engine.
provision() {
  local id t0 cpu0 ended end body
  body=$(jq -n --arg env "$ENV" '{variables: ({environmentName: $env, encryptData: false,
      mongodbAdminUserSecret: "mongodb_admin_user", mongodbAdminPasswordSecret: "mongodb_admin_password",
      elasticsearchPasswordSecret: "elasticsearch_superuser_password", dataPassphraseSecret: "data_passphrase",
      papertrailTokenSecret: "", dockerhubUserSecret: "", dockerhubTokenSecret: ""} | map_values({value: .}))}')
  cpu0=$(cpu_seconds) t0=$(now)
  id=$(api operator POST /engine-rest/process-definition/key/provision-cluster/start "$body" | jq -r .id)
  while :; do
    ended=$(api operator GET "/engine-rest/history/process-instance/$id" | jq -r '.endTime // empty')
    [ -z "$ended" ] || break
    no_failed_job "$id"
    sleep 0.5
  done
  awk -v a="$(date -d "$ended" +%s.%N)" -v b="$t0" 'BEGIN { printf "total\t%.2f\n", a - b }' > "$tmp/process.$1"
  awk -v a="$(cpu_seconds)" -v b="$cpu0" 'BEGIN { printf "%.1f", a - b }' > "$tmp/cpu.$1"
  end=$(ended_at "$id")
  if [ "$end" != EndEvent_ClusterProvisioned ]; then
    echo "provision-cluster ($1) ended at $end, not EndEvent_ClusterProvisioned:" >&2
    api operator GET "/engine-rest/history/variable-instance?processInstanceId=$id&variableName=provisioningReport" | jq -r '.[0].value' >&2
    exit 1
  fi
  api operator GET "/engine-rest/history/activity-instance?processInstanceId=$id&activityType=serviceTask&sortBy=startTime&sortOrder=asc" |
    jq -r '.[] | "step\t\(.activityName)\t\(.durationInMillis / 1000)"' >> "$tmp/process.$1"
  api operator GET "/engine-rest/history/variable-instance?processInstanceId=$id&variableName=provisioningReport" |
    jq -r '.[0].value' > "$tmp/report.$1"
}

total() { awk -F'\t' '$1 == "total" { print $2 }' "$1"; }
# Per step, seconds, for each run; "between steps" is the rest of the wall time (jobs, REST, scheduling).
breakdown() {
  printf '  %-28s %-26s %s\n  %-28s' "" "fresh lab" "second run" "step (s)"
  printf ' %8s' process ssh "ssh-1" process ssh "ssh-1"; printf '\n'
  awk -F'\t' '
    FNR == 1 { f++ }
    $1 == "total" { total[f] = $2; next }
    { if (!($2 in row)) { row[$2] = ++n; name[n] = $2 } t[row[$2], f] = $3; sum[f] += $3 }
    END {
      for (i = 1; i <= n; i++) {
        printf "  %-28s", name[i]
        for (j = 1; j <= f; j++) printf(((i, j) in t) ? " %8.2f" : " %8s", ((i, j) in t) ? t[i, j] : "-")
        printf "\n"
      }
      printf "  %-28s", "between steps"; for (j = 1; j <= f; j++) printf " %8.2f", total[j] - sum[j]; printf "\n"
      printf "  %-28s", "wall time"; for (j = 1; j <= f; j++) printf " %8.2f", total[j]; printf "\n"
    }' "$tmp"/{process,plain,reuse}.fresh "$tmp"/{process,plain,reuse}.second
}
changed_steps() { grep -cE '(: |; )changed on' "$1" || true; }
changed_lines() { awk -F'\t' '$1 == "total" { print $3 }' "$1"; }

[ -f "$jar" ] || (cd "$repo" && mvn -B -q -o package -DskipTests)
echo "crvs-ops provisioning benchmark: a 5-node lab and a backup server (6 servers over SSH), $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); application arguments: ${*:-none (shipped settings)}"
fresh_lab
key=$(prop lab.ssh.key); [ -r "$key" ] || key=$LAB/id_ed25519
java -jar "$jar" --server.port="$APP_PORT" --crvsops.data-dir="$tmp/data" --crvsops.ssh.private-key="$key" "$@" \
  > "$tmp/app.log" 2>&1 &
app_pid=$!
until curl -sf -o /dev/null -u operator:demo "$url/api/environments"; do
  kill -0 "$app_pid" 2>/dev/null || { echo "crvs-ops did not start; its log:" >&2; tail -20 "$tmp/app.log" >&2; exit 1; }
  sleep 0.5
done
api operator POST /api/environments/import "$(jq -n --arg env "$ENV" --rawfile inv "$LAB/inventory.ini" \
  '{name: $env, kind: "qa", domain: "lab.crvs-ops.test", inventory: $inv}')" > /dev/null
confirm_host_keys
api operator PUT "/api/environments/$ENV/provisioning-settings" \
  '{"swapSizeMb": 0, "kernelSettings": false, "encryptedDiskSize": "1G"}' > /dev/null
api operator PUT "/api/environments/$ENV/secrets/mongodb_admin_user" '{"value": "mongo-admin-1x"}'
api operator PUT "/api/environments/$ENV/secrets/mongodb_admin_password" '{"value": "Mongo-Pass-9f8e7d"}'
api operator PUT "/api/environments/$ENV/secrets/elasticsearch_superuser_password" '{"value": "Elastic-Pass-6c5b4a"}'

provision fresh
provision second
stop_app   # an idle JVM would share the cores with the plain-SSH runs
fresh_lab
bash "$here/plain-ssh-provision.sh" > "$tmp/plain.fresh"
bash "$here/plain-ssh-provision.sh" > "$tmp/plain.second"
fresh_lab
PLAIN_SSH_REUSE=1 bash "$here/plain-ssh-provision.sh" > "$tmp/reuse.fresh"
PLAIN_SSH_REUSE=1 bash "$here/plain-ssh-provision.sh" > "$tmp/reuse.second"

echo "process steps that changed something: fresh $(changed_steps "$tmp/report.fresh"), second run $(changed_steps "$tmp/report.second");" \
  "plain ssh CHANGED lines: fresh $(changed_lines "$tmp/plain.fresh") and $(changed_lines "$tmp/reuse.fresh")," \
  "second run $(changed_lines "$tmp/plain.second") and $(changed_lines "$tmp/reuse.second")"
echo "ssh = a new connection per command; ssh-1 = one connection per server (ControlMaster), opened before the clock"
breakdown
echo "CPU time of the crvs-ops JVM during the process runs (the benchmark's polls included):" \
  "fresh $(cat "$tmp/cpu.fresh") s, second run $(cat "$tmp/cpu.second") s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in fresh second; do
  label="fresh 5-node lab"; [ $run = fresh ] || label="5-node lab, second run"
  awk -v l="$label" -v p="$(total "$tmp/process.$run")" -v s="$(total "$tmp/plain.$run")" -v r="$(total "$tmp/reuse.$run")" \
    'BEGIN { printf "provision %s: process %.1f s, plain ssh %.1f s, ratio %.2f (target at most 2);" \
      " one connection per server %.1f s, ratio %.2f\n", l, p, s, p / s, r, p / r }'
done
