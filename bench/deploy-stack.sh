#!/usr/bin/env bash
# Deploying the release shaped like OpenCRVS v1.9 (src/test/fixture-release) from git on a 3-node lab swarm with
# crvs-ops's process deploy-opencrvs, through the packaged jar and its REST API only, as DeployReleaseIT sets it up:
# a first deploy (core v1.9.0, country configuration v1.9.0), an upgrade (v1.9.1 / v1.9.1), the same again.
# Per run: the wall time split into the cluster's work (remote steps), the waiting for it (the modelled waits'
# timers and the jobs they wake) and crvs-ops's own share; the fetch and render of the release; and how soon
# after the last task was ready crvs-ops saw the stack converged.
# Targets (issue 14): own share at most 3 % of the wall time, fetch and render at most 2 s, convergence noticed
# within 1 s. Prints figures, never fails on a target. Run as root, holding the lab's lock (others use the lab too):
#   flock /var/lock/crvs-ops-lab.lock bash bench/deploy-stack.sh [application arguments]
# Application arguments go to the jar, e.g. --crvsops.waits.deploy.poll=PT1S. Leaves the lab destroyed.
# BENCH_KEEP=<folder> keeps each run's history, command log and swarm tasks, and crvs-ops's log, there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=$repo/target/crvs-ops.jar
LAB=/var/lib/crvs-ops-lab
LOCK=/var/lock/crvs-ops-lab.lock
APP_PORT=${BENCH_PORT:-18082}
ENV=bench-deploy
KIND=staging
DOMAIN=bench.crvs-ops.test
STACK=opencrvs
url=http://localhost:$APP_PORT
# The steps that work on the cluster: their time is the stack's and the servers', not crvs-ops's.
REMOTE_STEPS="Task_RunPreflightChecks Task_CreateStackSecrets Task_PullImages Task_DeployStack Task_AwaitStackConvergence Task_CheckHealthUrls Task_SetUpAlertIndices Task_SetUpKibana Task_RebuildSearchIndex Task_SendTestMail Task_RemoveUnusedStackSecrets"
# The environment's stored secrets, one per variable the release requires that no setting or deploy gives
# (docs/deploy.md, Secrets); dummy values made per run, never printed.
SECRET_VARIABLES="MONGODB_ADMIN_USER MONGODB_ADMIN_PASSWORD ELASTICSEARCH_SUPERUSER_PASSWORD KIBANA_SYSTEM_PASSWORD
  KIBANA_USERNAME KIBANA_PASSWORD MINIO_ROOT_USER MINIO_ROOT_PASSWORD POSTGRES_USER POSTGRES_PASSWORD SUPER_USER_PASSWORD
  OPENCRVS_METABASE_ADMIN_EMAIL OPENCRVS_METABASE_ADMIN_PASSWORD SMTP_USERNAME SMTP_PASSWORD"

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
    mkdir -p "$BENCH_KEEP" && find "$tmp" -maxdepth 1 -type f ! -name response ! -name classpath -exec cp {} "$BENCH_KEEP/" \; || true
  fi
  # As DeployReleaseIT: the stack's containers stopped and the swarm left before the engines stop.
  if [ -n "$swarm" ]; then
    on node1 "docker stack rm $STACK >/dev/null 2>&1; true" || true
    for node in node3 node2 node1; do
      on "$node" 'for _ in $(seq 60); do [ -z "$(docker ps -q)" ] && break; sleep 0.5; done
        docker swarm leave --force >/dev/null 2>&1; rm -rf /data/crvs-ops; true' || true
    done
  fi
  lab destroy || echo "lab.sh destroy failed; see $tmp/lab.log" >&2
  # The lab's nodes share the host's /: the key file provisioning made for mongo1 is the host's (as in the ITs).
  rm -f /mongodb-keyfile /mongodb-keyfile.new
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


# on_each FILE COMMAND NODE...: the command on each node at once, the file on its standard input; fails naming
# each node where it failed.
on_each() {
  local input=$1 command=$2 node failed=0
  local -A pid
  shift 2
  for node in "$@"; do on "$node" "$command" < "$input" > "$tmp/out.$node" 2>&1 & pid[$node]=$!; done
  for node in "$@"; do
    wait "${pid[$node]}" || { echo "on $node, $command failed: $(tail -5 "$tmp/out.$node")" >&2; failed=1; }
  done
  return $failed
}

# An ISO-8601 duration of seconds, minutes and hours (PT10S, PT1M30S, PT0.5S) in seconds.
duration_secs() {
  [[ "$1" =~ ^PT(([0-9]+)H)?(([0-9]+)M)?(([0-9.]+)S)?$ ]] || { echo "not a duration of hours, minutes and seconds: '$1'" >&2; exit 1; }
  awk -v h="${BASH_REMATCH[2]:-0}" -v m="${BASH_REMATCH[4]:-0}" -v s="${BASH_REMATCH[6]:-0}" 'BEGIN { print h * 3600 + m * 60 + s }'
}

# deploy RUN CORE COUNTRY-CONFIG: one deploy from git refs, from just before the start request to the end its
# history records (same clock); polled twice a second only, so that the polls take little from the engine.
# Keeps the instance's activities (tab-separated), its command log, the interval of its convergence wait and
# the stack's tasks as swarm has them then.
deploy() {
  local run=$1 id t0 cpu0 ended end body deadline=$((SECONDS + 900))
  body=$(jq -n --arg core "$2" --arg cc "$3" '{coreVersion: $core, countryConfigVersion: $cc, factoryReset: false,
    whenLocked: "refuse"}')
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
  duration_secs "$(api operator GET "/engine-rest/history/variable-instance?processInstanceId=$id&variableName=convergencePoll" |
    jq -r '.[0].value // "PT0S"')" > "$tmp/poll.$run"
  # The stack's tasks as swarm has them now: service, desired state, state and when it reached it.
  on node1 "docker inspect --type task --format '{{.ServiceID}} {{.DesiredState}} {{.Status.State}} {{json .Status.Timestamp}}' \
      \$(docker stack ps -q $STACK); echo --; docker service inspect --format '{{.ID}} {{.Spec.Name}}' \$(docker stack services -q $STACK)" |
    awk '$1 == "--" { names = 1; next } names { name[$1] = $2; next } { task[++n] = $0 }
      END { for (i = 1; i <= n; i++) { split(task[i], f, " "); gsub(/"/, "", f[4]); print (f[1] in name ? name[f[1]] : f[1]), f[2], f[3], f[4] } }' |
    while read -r service desired state at; do echo "$service $desired $state $(secs "$at")"; done > "$tmp/tasks.$run"
}

# The accounting of a run, "name value" a line (seconds). The history's rows in start order: service tasks and
# call activities are steps (the remote ones the cluster's work, the others crvs-ops's); a timer catch event (type
# intermediateTimer: Interval waited for the stack, ...) is a modelled wait, and from its end to the next step's
# start is the job it woke being picked up: both are waiting for the cluster. The rest of the time between steps, before the first
# and after the last, is crvs-ops's: the start request, and the job executor handing each step to the next.
account() {
  awk -F'\t' -v t0="$(cat "$tmp/t0.$1")" -v end="$(cat "$tmp/end.$1")" -v poll="$(cat "$tmp/poll.$1")" \
    -v steps=" $REMOTE_STEPS " '
    $3 == "intermediateTimer" { timers += $6; if ($1 == "Event_WaitedForStack") past += $6 - poll; ntimers++; woke = $5; next }
    $3 != "serviceTask" && $3 != "callActivity" { next }
    {
      if (n++ == 0) first = $4; else gaps += $4 - last
      if (woke) { woken += $4 - woke; woke = 0 }
      last = $5
      if ($3 == "serviceTask" && index(steps, " " $1 " ")) remote += $6; else own_steps += $6
    }
    END {
      wall = end - t0; waiting = timers + woken
      printf "wall %.3f\nremote %.3f\nwaiting %.3f\ntimers %.3f\ntimer_count %d\npast_interval %.3f\nwoken %.3f\n",
        wall, remote, waiting, timers, ntimers, past, woken
      printf "start %.3f\nhandoffs %.3f\nlast_to_end %.3f\nown_steps %.3f\nown %.3f\n",
        first - t0, gaps - waiting, end - last, own_steps, wall - remote - waiting
    }' "$tmp/steps.$1" > "$tmp/account.$1"
}
figure() { awk -v k="$2" '$1 == k { print $2 }' "$tmp/account.$1"; }

# Per step, seconds, for each run (* the cluster's work, ~ waiting for it, the rest crvs-ops's own).
breakdown() {
  printf '  %-40s' "step (s; (n): instances)"; for run in "${runs[@]}"; do printf ' %11s' "$run"; done; printf '\n'
  for run in "${runs[@]}"; do
    awk -F'\t' -v OFS='\t' '$3 == "serviceTask" || $3 == "callActivity" || $3 == "intermediateTimer" { print $1, $2, $3, $6 }' "$tmp/steps.$run"
    echo "--"
  done | awk -F'\t' -v steps=" $REMOTE_STEPS " -v runs="${#runs[@]}" '
    $1 == "--" { f++; next }
    {
      if (!($1 in row)) {
        row[$1] = ++n
        mark = $3 == "intermediateTimer" ? "~ " : ($3 == "serviceTask" && index(steps, " " $1 " ")) ? "* " : "  "
        name[n] = mark $2
      }
      t[row[$1], f + 1] += $4; c[row[$1], f + 1]++
    }
    END {
      for (i = 1; i <= n; i++) {
        printf "  %-40s", name[i]
        for (j = 1; j <= runs; j++) {
          cell = "-"
          if ((i, j) in t) cell = c[i, j] > 1 ? sprintf("%.2f (%d)", t[i, j], c[i, j]) : sprintf("%.2f", t[i, j])
          printf " %11s", cell
        }
        printf "\n"
      }
    }'
  row "~ from a timer to the check it wakes" woken
  row "  (of the stack's timers: past their interval)" past_interval
  row "  start request to first step" start
  row "  hand-offs between steps" handoffs
  row "  last step to end" last_to_end
  row "  wall time" wall
}
row() { printf '  %-40s' "$1"; for run in "${runs[@]}"; do printf ' %11.2f' "$(figure "$run" "$2")"; done; printf '\n'; }

# When the stack was ready, as swarm saw it, by crvs-ops's own rules (docs/deploy.md, Check stack convergence): a
# service that ran a task of this deploy to completion (a one-shot or setup job) when the first did; any other
# when its last running task started (the fixture has no health checks, so running is ready). Status times are
# those of the nodes' agents; the lab's nodes share the host's clock; only tasks ready by the end of the last
# Check stack convergence count. Prints: the service last ready and when,
# or "- -" when the deploy changed no task.
last_ready() {
  local deployed looked
  deployed=$(awk -F'\t' '$1 == "Task_DeployStack" { print $4 }' "$tmp/steps.$1")
  # Tasks started after the last look belong to the steps after convergence (Set up alert indices scales
  # Elastalert down and up again), not to the deploy's convergence.
  looked=$(awk -F'\t' '$1 == "Task_AwaitStackConvergence" { e = $5 } END { print e }' "$tmp/steps.$1")
  awk -v d="$deployed" -v e="$looked" '
    $4 > e { next }
    $3 == "complete" && $4 >= d { if (!($1 in done) || $4 < done[$1]) done[$1] = $4 }
    $2 == "running" && $3 == "running" { if ($4 > up[$1]) up[$1] = $4 }
    END {
      for (s in up) if (!(s in done)) ready[s] = up[s]
      for (s in done) ready[s] = done[s]
      for (s in ready) if (ready[s] > at) { at = ready[s]; last = s }
      if (at < d) print "- -"; else printf "%s %.3f\n", last, at
    }' "$tmp/tasks.$1"
}

# Convergence noticed: from the last task ready to the end of the last Check stack convergence (the look that saw
# the stack converged), with where that time went: the wait until that look began, and the look itself.
noticed() {
  local run=$1 service at
  read -r service at <<< "$(last_ready "$run")"
  if [ "$service" = - ]; then
    echo "convergence ${label[$run]}: no task changed"
    return
  fi
  awk -F'\t' -v at="$at" -v s="$service" -v l="${label[$run]}" -v poll="$(cat "$tmp/poll.$run")" '
    $1 == "Task_DeployStack" { deployed = $5 }
    $1 == "Task_AwaitStackConvergence" { looks++; begun = $4; seen = $5 }
    END {
      printf "convergence %s: the last task ready (%s) %.2f s after Deploy stack ended; crvs-ops noticed it %.2f s later" \
        " (target within 1 s): the look that saw it began %.2f s after, took %.2f s (%d looks, %g s apart)\n",
        l, s, at - deployed, seen - at, begun - at, seen - begun, looks, poll }' "$tmp/steps.$run"
}

# Fetch and render: the lines Run pre-flight checks and Deploy stack write (ms). Prints "fetch render read render2".
fetch_render() {
  jq -r '[.[] | .line | capture("Release (fetched from git|read) in (?<a>[0-9]+) ms, rendered (for this deploy )?in (?<b>[0-9]+) ms")
    | "\(.a) \(.b)"] | if length == 2 then join(" ") else "missing" end' "$tmp/log.$1"
}

# Built every time: a jar left from another checkout would measure other code; online, since a fresh machine may
# lack a plugin. The test classes too (package compiles them): the fixture's repositories are built by the tests' own
# ReleaseRepos (JGit), so that the bench deploys the commits DeployReleaseIT deploys and needs no git binary.
(cd "$repo" && mvn -B -q package -DskipTests &&
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/classpath")
(cd "$repo" && java -cp "target/test-classes:target/classes:$(cat "$tmp/classpath")" org.crvsops.testbed.BenchRelease \
  "$tmp/repos" "$DOMAIN" "$KIND") > "$tmp/release"
core_repo=$(awk '$1 == "core" { print $2 }' "$tmp/release")
country_repo=$(awk '$1 == "country" { print $2 }' "$tmp/release")
echo "crvs-ops deploy benchmark: the v1.9-shaped release from git on a 3-node lab swarm, $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); application arguments: ${*:-none (shipped settings)}"
lab destroy
rm -f /mongodb-keyfile /mongodb-keyfile.new
lab create 3
key=$(prop lab.ssh.key); [ -r "$key" ] || key=$LAB/id_ed25519
ssh_opts=(-F /dev/null -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
  -o UserKnownHostsFile="$tmp/known_hosts" -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=10)
for name in $(prop lab.nodes | tr , ' '); do
  echo "$(prop "lab.$name.address") $(cut -d' ' -f1,2 "$LAB/$name/ssh_host_ed25519_key.pub")" >> "$tmp/known_hosts"
done

# As DeployReleaseIT makes the lab: the stand-in images on each node (make-images.sh needs its standin/ beside it:
# both go as one tar), a swarm (the worker token on the command line: a lab), node1 labelled data1, and what
# provisioning makes: the data folders on every node and the MongoDB key file on the manager.
tar -C "$repo/src/test/fixture-release" -cf "$tmp/images.tar" make-images.sh standin
on_each "$tmp/images.tar" 'd=$(mktemp -d) && tar -C "$d" -xf - && bash "$d/make-images.sh" >/dev/null; rc=$?; rm -rf "$d"; exit $rc' \
  node1 node2 node3
swarm=yes
manager=$(prop lab.node1.address)
# The lab keeps 100 tasks per slot, not 5: a setup job restarts for ever, and its first completion, which the
# figure "convergence noticed" needs, would otherwise be gone from swarm's history when the deploy ends.
on node1 "docker swarm init --advertise-addr $manager --task-history-limit 100 >/dev/null"
token=$(on node1 'docker swarm join-token -q worker')
for node in node2 node3; do on "$node" "docker swarm join --token $token $manager:2377 >/dev/null"; done
on node1 'docker node update --label-add data1=true node1 >/dev/null'
on_each "$repo/src/main/resources/scripts/provisioning/create-data-folders.sh" 'bash -s >/dev/null' node1 node2 node3
on node1 'bash -s >/dev/null' < "$repo/src/main/resources/scripts/provisioning/create-mongo-keyfile.sh"

# The release's own host names (its Traefik rules, {{hostname}} filled), all on the manager, as DNS would have them.
awk -v m="$manager" '$1 == "host" { print m, $2 }' "$tmp/release" > "$tmp/hosts"

# The public health address: the Traefik stand-in's /ping on the manager (it does no routing by host name, so the
# shipped https://gateway.<domain>/ping cannot reach the gateway here), as DeployReleaseIT sets it.
java -jar "$jar" --server.port="$APP_PORT" --crvsops.data-dir="$tmp/data" --crvsops.ssh.private-key="$key" \
  --crvsops.deploy.hosts-file="$tmp/hosts" --crvsops.deploy.remote-dir=/data/crvs-ops/deploys \
  --crvsops.deploy.key-dir=/data/crvs-ops/keys --crvsops.deploy.min-free-disk-mb=100 \
  --crvsops.deploy.health-urls="http://$manager/ping" "$@" > "$tmp/app.log" 2>&1 &
app_pid=$!
until curl -sf -o /dev/null -u operator:demo "$url/api/environments"; do
  kill -0 "$app_pid" 2>/dev/null || { echo "crvs-ops did not start; its log:" >&2; tail -20 "$tmp/app.log" >&2; exit 1; }
  sleep 0.5
done
api operator POST /api/environments/import "$(jq -n --arg env "$ENV" --arg kind "$KIND" --arg domain "$DOMAIN" \
  --rawfile inv "$LAB/inventory.ini" '{name: $env, kind: $kind, domain: $domain, inventory: $inv}')" > /dev/null
confirm_host_keys
# Release settings as DeployReleaseIT's: the two repositories, the staging deploy file, the plain variables.
api operator PUT "/api/environments/$ENV/release-settings" "$(jq -n --arg country "$country_repo" --arg core "$core_repo" \
  --arg env "$KIND" --arg domain "$DOMAIN" '{countryRepository: $country, countryEnvironment: $env, coreRepository: $core,
    variables: {DOCKERHUB_ACCOUNT: "farajaland", DOCKERHUB_REPO: "opencrvs-farajaland",
      SENDER_EMAIL_ADDRESS: ("noreply@" + $domain), ALERT_EMAIL: ("ops@" + $domain), SMTP_HOST: ("smtp." + $domain),
      SMTP_PORT: "587", SMTP_SECURE: "true", NOTIFICATION_TRANSPORT: "email"}}')" > /dev/null
for variable in $SECRET_VARIABLES; do
  api operator PUT "/api/environments/$ENV/secrets/${variable,,}" \
    "$(jq -n --arg v "bench$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" '{value: $v}')" > /dev/null
done

runs=(fresh upgrade same)
declare -A label=([fresh]="first deploy (v1.9.0, v1.9.0)" [upgrade]="upgrade (v1.9.1, v1.9.1)"
  [same]="same again (v1.9.1, v1.9.1)")
deploy fresh v1.9.0 v1.9.0
deploy upgrade v1.9.1 v1.9.1
deploy same v1.9.1 v1.9.1
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
for run in "${runs[@]}"; do account "$run"; done

echo "steps marked * work on the cluster (remote commands); ~ wait for it (the modelled waits' timers, and from each"
echo "timer to the check it wakes); the others, the start and the hand-offs between steps, are crvs-ops's own"
breakdown
echo "CPU time of the crvs-ops JVM during each deploy (the benchmark's polls included):" \
  "$(for run in "${runs[@]}"; do printf '%s %s s, ' "$run" "$(cat "$tmp/cpu.$run")"; done | sed 's/, $//');" \
  "load average at the end: $load_end"
for run in "${runs[@]}"; do
  read -r fetched rendered opened rerendered <<< "$(fetch_render "$run")"
  if [ "$fetched" = missing ]; then
    echo "fetch and render ${label[$run]}: the command log lacks its lines (Release fetched from git in …, Release read in …)"
    continue
  fi
  awk -v l="${label[$run]}" -v f="$fetched" -v r="$rendered" -v o="$opened" -v d="$rerendered" 'BEGIN {
    printf "fetch and render %s: %.2f s (target at most 2 s): pre-flight fetched %d ms, rendered %d ms;" \
      " Deploy stack read %d ms, rendered %d ms\n", l, (f + r + o + d) / 1000, f, r, o, d }'
done
for run in "${runs[@]}"; do noticed "$run"; done
for run in "${runs[@]}"; do
  awk -v l="${label[$run]}" -v w="$(figure "$run" wall)" -v r="$(figure "$run" remote)" -v t="$(figure "$run" waiting)" \
    -v o="$(figure "$run" own)" 'BEGIN {
    printf "deploy %s: wall %.1f s, remote steps %.1f s, waiting %.1f s, crvs-ops %.2f s = %.1f %% (target at most 3 %%)\n",
      l, w, r, t, o, 100 * o / w }'
done
