#!/usr/bin/env bash
# Deploying the fixture stack (src/test/fixture-stack) on a 3-node lab swarm with crvs-ops's process
# deploy-opencrvs, started over REST: a fresh deploy, an upgrade, the same again (nothing changes),
# and a release whose services take 20 s to become healthy. Per run: the wall time, the time inside
# the steps that work on the cluster (remote commands and waits), and the rest, crvs-ops's own share.
# Target: crvs-ops's own share at most 3 % of the wall time; convergence noticed within a second.
# Prints figures, never fails on a target. Run as root, holding the lab's lock (others use the lab too):
#   flock /var/lock/crvs-ops-lab.lock bash bench/deploy-stack.sh [application arguments]
# Application arguments go to the jar, e.g. --crvsops.deploy.poll-interval=PT0.5S. Leaves the lab destroyed.
# BENCH_KEEP=<folder> keeps each run's history, command log and swarm tasks, and crvs-ops's log, there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=$repo/target/crvs-ops.jar
LAB=/var/lib/crvs-ops-lab
LOCK=/var/lock/crvs-ops-lab.lock
APP_PORT=${BENCH_PORT:-18082}
ENV=bench-deploy
DOMAIN=bench.crvs-ops.test
STACK=opencrvs
url=http://localhost:$APP_PORT
# The steps that work on the cluster: their time is the stack's and the servers', not crvs-ops's.
REMOTE_STEPS="Task_RunPreflightChecks Task_CreateStackSecrets Task_PullImages Task_DeployStack Task_AwaitStackConvergence Task_CheckHealthUrls Task_RemoveUnusedStackSecrets"

if flock -n "$LOCK" true; then
  echo "the lab is shared: run me holding its lock, flock $LOCK bash $0" >&2
  exit 2
fi
tmp=$(mktemp -d /tmp/crvs-ops-bench-deploy.XXXXXX)
app_pid="" swarm=""
lab() { bash "$repo/src/test/testbed/lab.sh" "$@" >> "$tmp/lab.log"; }
stop_app() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; app_pid=""; }
cleanup() {
  stop_app
  if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP" && find "$tmp" -maxdepth 1 -type f ! -name response -exec cp {} "$BENCH_KEEP/" \; || true
  fi
  # As DeployProductionIT: the stack's containers stopped and the swarm left before the engines stop.
  if [ -n "$swarm" ]; then
    on node1 "docker stack rm $STACK >/dev/null 2>&1; true" || true
    for node in node1 node2 node3; do
      on "$node" 'for _ in $(seq 60); do [ -z "$(docker ps -q)" ] && break; sleep 0.5; done
        docker swarm leave --force >/dev/null 2>&1; rm -rf /data/crvs-ops; true' || true
    done
  fi
  lab destroy || echo "lab.sh destroy failed; see $tmp/lab.log" >&2
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
# An ISO-8601 time (or seconds since the epoch, as they come) as seconds since the epoch.
secs() { if [[ "$1" =~ ^[0-9.]+$ ]]; then echo "$1"; else date -d "$1" +%s.%N; fi; }
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

# CPU time the crvs-ops JVM has used so far (all its threads: engine, SSH, JIT, GC), in seconds.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$app_pid/stat"; }

# deploy RUN CORE COUNTRY-CONFIG: one deploy, from just before the start request to the end its
# history records (same clock); polled twice a second only, so that the polls take little from the
# engine. Keeps the instance's id, its activities (tab-separated) and its command log.
deploy() {
  local run=$1 id t0 cpu0 ended end body deadline=$((SECONDS + 900))
  body=$(jq -n --arg core "$2" --arg cc "$3" '{coreVersion: $core, countryConfigVersion: $cc, composeFolder: "release",
    factoryReset: false, whenLocked: "refuse"}')
  cpu0=$(cpu_seconds) t0=$(now)
  id=$(api operator POST "/api/environments/$ENV/deploys" "$body" | jq -r .processInstanceId)
  while :; do
    ended=$(api operator GET "/engine-rest/history/process-instance/$id" | jq -r '.endTime // empty')
    [ -z "$ended" ] || break
    [ $SECONDS -lt $deadline ] || { echo "the deploy ($run) did not end within 900 s" >&2; exit 1; }
    no_failed_job "$id"
    sleep 0.5
  done
  echo "$t0" > "$tmp/t0.$run"
  secs "$ended" > "$tmp/end.$run"
  awk -v a="$(cat "$tmp/end.$run")" -v b="$t0" 'BEGIN { printf "%.3f", a - b }' > "$tmp/wall.$run"
  awk -v a="$(cpu_seconds)" -v b="$cpu0" 'BEGIN { printf "%.1f", a - b }' > "$tmp/cpu.$run"
  end=$(ended_at "$id")
  if [ "$end" != EndEvent_OpencrvsDeployed ]; then
    echo "deploy-opencrvs ($run) ended at $end, not EndEvent_OpencrvsDeployed; its command log:" >&2
    api operator GET "/api/process-instances/$id/command-log" | jq -r '.[] | "\(.activityId) \(.node): \(.line)"' | tail -20 >&2
    exit 1
  fi
  api operator GET "/engine-rest/history/activity-instance?processInstanceId=$id&sortBy=startTime&sortOrder=asc" |
    jq -r '.[] | [.activityId, .activityName, .activityType, .startTime, .endTime, .durationInMillis / 1000]
      | map(tostring) | join("\u001f")' |
    while IFS=$'\x1f' read -r act name type start finish took; do
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$act" "$name" "$type" "$(secs "$start")" "$(secs "$finish")" "$took"
    done > "$tmp/steps.$run"
  api operator GET "/api/process-instances/$id/command-log" > "$tmp/log.$run"
  # The stack's tasks as swarm has them now: state, when it reached that state, image.
  on node1 "docker inspect --type task --format '{{.Status.State}} {{json .Status.Timestamp}} {{.Spec.ContainerSpec.Image}}' \
    \$(docker stack ps -q $STACK)" | while read -r state at image; do echo "$state $(secs "${at//\"/}") $image"; done > "$tmp/tasks.$run"
}

# The remote steps' time and the wall time of a run, in seconds.
remote_time() {
  awk -F'\t' -v steps=" $REMOTE_STEPS " 'index(steps, " " $1 " ") && $3 == "serviceTask" { s += $6 } END { printf "%.3f", s }' "$tmp/steps.$1"
}
wall_time() { cat "$tmp/wall.$1"; }

# Per step, seconds, for each run (service tasks; * = remote). The rest of the wall time, crvs-ops's
# between the steps: from the start request to the first step (HTTP, sign-in, starting the instance),
# the hand-offs from one step's end to the next one's start (jobs), and from the last step to the end.
breakdown() {
  printf '  %-30s' "step (s)"; for run in "${runs[@]}"; do printf ' %9s' "$run"; done; printf '\n'
  for run in "${runs[@]}"; do
    awk -F'\t' -v OFS='\t' -v t0="$(cat "$tmp/t0.$run")" -v end="$(cat "$tmp/end.$run")" '
      $3 != "serviceTask" { next }
      { print $1, $2, $6; if (n++ == 0) first = $4; else gaps += $4 - last; last = $5 }
      END { print "", "start", first - t0; print "", "gaps", gaps; print "", "end", end - last; print "", "wall", end - t0 }' "$tmp/steps.$run"
  done | awk -F'\t' -v steps=" $REMOTE_STEPS " -v runs="${#runs[@]}" '
    $1 == "" { extra[$2, f + 1] = $3; if ($2 == "wall") f++; next }
    {
      key = $1
      if (!(key in row)) { row[key] = ++n; name[n] = (index(steps, " " $1 " ") ? "* " : "  ") $2 }
      t[row[key], f + 1] += $3
    }
    function line(title, what,   j) {
      printf "  %-30s", title; for (j = 1; j <= runs; j++) printf " %9.2f", extra[what, j]; printf "\n"
    }
    END {
      for (i = 1; i <= n; i++) {
        printf "  %-30s", name[i]
        for (j = 1; j <= runs; j++) printf(((i, j) in t) ? " %9.2f" : " %9s", ((i, j) in t) ? t[i, j] : "-")
        printf "\n"
      }
      line("  start request to first step", "start"); line("  hand-offs between steps", "gaps")
      line("  last step to end", "end"); line("  wall time", "wall")
    }'
}

# When the stack converged, as swarm saw it, and when crvs-ops moved on. Swarm reports a task with a
# health check as running only once its container is healthy (before, it is "starting"); a task's
# status time is when its node's agent saw that. So the latest time among the running (and, for the
# one-shot migration, complete) tasks is when the stack converged; when it is older than the stack
# deploy, the deploy changed no task. Prints: converged (s after Deploy stack ended), noticed (s after
# converging: the end of Await stack convergence), or "-" for both.
converged() {
  local deployed awaited last
  deployed=$(awk -F'\t' '$1 == "Task_DeployStack" { print $5 }' "$tmp/steps.$1")
  awaited=$(awk -F'\t' '$1 == "Task_AwaitStackConvergence" { print $5 }' "$tmp/steps.$1")
  last=$(awk '$1 == "running" || $1 == "complete" { print $2 }' "$tmp/tasks.$1" | sort -n | tail -1)
  awk -v d="$deployed" -v a="$awaited" -v l="$last" 'BEGIN {
    if (l < d) print "- -"; else printf "%.2f %.2f\n", l - d, a - l }'
}

# The slow release in detail: its tasks, crvs-ops's last progress line and the next step.
convergence_detail() {
  local run=$1 version=$2 deployed last
  deployed=$(awk -F'\t' '$1 == "Task_DeployStack" { print $5 }' "$tmp/steps.$run")
  last=$(awk '$1 == "running" || $1 == "complete" { print $2 }' "$tmp/tasks.$run" | sort -n | tail -1)
  awk -v d="$deployed" -v v="$version" '$1 == "running" && $3 ~ ("core:" v "$") {
      n++; t = $2 - d; if (n == 1 || t < lo) lo = t; if (t > hi) hi = t }
    END { printf "  %d tasks of core %s running (healthy): the first %.1f s, the last %.1f s after Deploy stack ended\n", n, v, lo, hi }' \
    "$tmp/tasks.$run"
  jq -r '[.[] | select(.activityId == "Task_AwaitStackConvergence")] | last | "\(.loggedAt)\t\(.line)"' "$tmp/log.$run" |
    while IFS=$'\t' read -r at line; do
      awk -v g="$(secs "$at")" -v l="$last" -v line="$line" \
        'BEGIN { printf "  crvs-ops logged \"%s\" %.2f s after the last task became healthy\n", line, g - l }'
    done
  awk -F'\t' -v l="$last" '$1 == "Task_AwaitStackConvergence" { e = $5; next }
    e && $3 == "serviceTask" && !x { x = $4 }
    END { printf "  Await stack convergence ended %.2f s after it; the next step (Check health addresses) started %.2f s after it\n", e - l, x - l }' \
    "$tmp/steps.$run"
}

# Built every time: a jar left from another checkout would measure other code; online, since a fresh machine may lack a plugin.
(cd "$repo" && mvn -B -q package -DskipTests)
echo "crvs-ops deploy benchmark: the fixture stack on a 3-node lab swarm, $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); application arguments: ${*:-none (shipped settings)}"
lab destroy
lab create 3 --backup
key=$(prop lab.ssh.key); [ -r "$key" ] || key=$LAB/id_ed25519
ssh_opts=(-F /dev/null -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
  -o UserKnownHostsFile="$tmp/known_hosts" -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=10)
for name in $(prop lab.nodes | tr , ' '); do
  echo "$(prop "lab.$name.address") $(cut -d' ' -f1,2 "$LAB/$name/ssh_host_ed25519_key.pub")" >> "$tmp/known_hosts"
done

# The swarm and the fixture images, as DeployProductionIT makes them (the worker token on the command line: a lab).
for node in node1 node2 node3; do on "$node" 'bash -s' < "$repo/src/test/fixture-stack/make-images.sh" > /dev/null; done
swarm=yes
manager=$(prop lab.node1.address)
on node1 "docker swarm init --advertise-addr $manager >/dev/null"
token=$(on node1 'docker swarm join-token -q worker')
for node in node2 node3; do on "$node" "docker swarm join --token $token $manager:2377 >/dev/null"; done
# The fixture's countryconfig reads the Docker secret openhim-user (as the process Docker secrets leaves it).
on node1 "printf %s bench-openhim-user | docker secret create openhim-user - >/dev/null"

# The manual's twelve host names, all on the manager, as the country's DNS would have them.
for prefix in "" api. auth. config. countryconfig. gateway. kibana. login. openhim-api. openhim. register. webhooks.; do
  echo "$manager $prefix$DOMAIN"
done > "$tmp/hosts"

java -jar "$jar" --server.port="$APP_PORT" --crvsops.data-dir="$tmp/data" --crvsops.ssh.private-key="$key" \
  --crvsops.deploy.compose-root="$repo/src/test/fixture-stack" --crvsops.deploy.hosts-file="$tmp/hosts" \
  --crvsops.deploy.remote-dir=/data/crvs-ops/deploys --crvsops.deploy.min-free-disk-mb=100 "$@" > "$tmp/app.log" 2>&1 &
app_pid=$!
until curl -sf -o /dev/null -u operator:demo "$url/api/environments"; do
  kill -0 "$app_pid" 2>/dev/null || { echo "crvs-ops did not start; its log:" >&2; tail -20 "$tmp/app.log" >&2; exit 1; }
  sleep 0.5
done
api operator POST /api/environments/import "$(jq -n --arg env "$ENV" --arg domain "$DOMAIN" --rawfile inv "$LAB/inventory.ini" \
  '{name: $env, kind: "qa", domain: $domain, inventory: $inv}')" > /dev/null
confirm_host_keys
api operator PUT "/api/environments/$ENV/secrets/mongodb_admin_user" '{"value": "mongo-admin-1x"}'
api operator PUT "/api/environments/$ENV/secrets/mongodb_admin_password" '{"value": "Mongo-Pass-9f8e7d"}'
api operator PUT "/api/environments/$ENV/secrets/elasticsearch_superuser_password" '{"value": "Elastic-Pass-6c5b4a"}'

runs=(fresh upgrade same slow)
declare -A label=([fresh]="fresh 3-node lab (v1.9.0, abc1234)" [upgrade]="upgrade (v1.8.0, def5678)"
  [same]="same again (v1.8.0, def5678)" [slow]="slow release (v2.0.0, def5678)")
deploy fresh v1.9.0 abc1234
deploy upgrade v1.8.0 def5678
deploy same v1.8.0 def5678
deploy slow v2.0.0 def5678
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

echo "steps marked * work on the cluster (remote commands and waits); the others, and between steps, are crvs-ops's own"
breakdown
echo "CPU time of the crvs-ops JVM during each deploy (the benchmark's polls included):" \
  "$(for run in "${runs[@]}"; do printf '%s %s s, ' "$run" "$(cat "$tmp/cpu.$run")"; done | sed 's/, $//');" \
  "load average at the end: $load_end"
echo "the slow release (its services are healthy 20 s after they start):"
convergence_detail slow v2.0.0
for run in "${runs[@]}"; do
  read -r at noticed <<< "$(converged "$run")"
  if [ "$at" = - ]; then
    echo "convergence ${label[$run]}: no task changed"
  else
    echo "convergence ${label[$run]}: the stack converged $at s after Deploy stack ended; crvs-ops moved on $noticed s later (target within 1 s)"
  fi
done
for run in "${runs[@]}"; do
  awk -v l="${label[$run]}" -v w="$(wall_time "$run")" -v r="$(remote_time "$run")" 'BEGIN {
    printf "deploy %s: wall %.1f s, remote steps %.1f s, orchestrator %.2f s = %.1f %% (target at most 3 %%)\n",
      l, w, r, w - r, 100 * (w - r) / w }'
done
