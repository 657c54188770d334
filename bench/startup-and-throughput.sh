#!/usr/bin/env bash
# Benchmarks of the orchestrator itself (run as root; prints figures, never fails on a target):
#   1. launch to first answered request, with H2 and with PostgreSQL (target: 15 s);
#   2. no-op processes with one async step completed per second on PostgreSQL (target: 200/s).
# Extra arguments go to the application, e.g. --camunda.bpm.job-execution.max-pool-size=4
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
jar=$repo/target/crvs-ops.jar
N=${BENCH_N:-2000}
APP_PORT=${BENCH_PORT:-18080}
PG_PORT=${BENCH_PG_PORT:-55432}
tmp=$(mktemp -d /tmp/crvs-ops-bench.XXXXXX)
chmod 755 "$tmp"
app_pid=""

cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  if [ -f "$tmp/pg/postmaster.pid" ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$tmp/pg" -m fast stop >/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

[ -f "$jar" ] || (cd "$repo" && mvn -B -q package -DskipTests)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# launch NAME ARGS...: starts the jar, waits for the first answered request; sets app_pid and elapsed.
launch() {
  local name=$1; shift
  local t0; t0=$(now)
  java -jar "$jar" --server.port="$APP_PORT" "$@" > "$tmp/$name.log" 2>&1 &
  app_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$APP_PORT/engine-rest/engine")" != 000 ]; do
    kill -0 "$app_pid" 2>/dev/null || { echo "$name did not start; see its log:"; tail -20 "$tmp/$name.log"; exit 1; }
    sleep 0.1
  done
  elapsed=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')
}

stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

start_postgres() {
  mkdir -p "$tmp/pg" "$tmp/pglog" && chown postgres "$tmp/pg" "$tmp/pglog"
  runuser -u postgres -- "$PGBIN/initdb" -D "$tmp/pg" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$tmp/pg" -l "$tmp/pglog/postgres.log" -w \
    -o "-p $PG_PORT -k $tmp/pglog -c listen_addresses=127.0.0.1" start >/dev/null
  pg_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  "$PGBIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres \
    -c "create user crvsops password '$pg_password'" -c "create database crvsops owner crvsops"
}

api() { curl -s -u admin:demo "$@"; }
count_done() { api "localhost:$APP_PORT/engine-rest/history/process-instance/count?processDefinitionKey=bench-noop-async&finished=true" | tr -dc 0-9; }

throughput() {
  local label=$1
  local before; before=$(count_done)
  # Jobs wait, suspended, until every instance exists: only the engine's own job execution is timed.
  api -o /dev/null -X PUT -H 'Content-Type: application/json' "localhost:$APP_PORT/engine-rest/job-definition/suspended" \
    -d '{"processDefinitionKey":"bench-noop-async","suspended":true,"includeJobs":true}'
  local t0; t0=$(now)
  seq "$N" | xargs -P 4 -I@ curl -s -o /dev/null -u admin:demo -H 'Content-Type: application/json' -d '{}' \
    "localhost:$APP_PORT/engine-rest/process-definition/key/bench-noop-async/start"
  local started; started=$(now)
  local running
  running=$(api "localhost:$APP_PORT/engine-rest/process-instance/count?processDefinitionKey=bench-noop-async" | tr -dc 0-9)
  [ "$running" -ge "$N" ] || { echo "only $running of $N instances started; see $tmp/postgres.log"; exit 1; }
  local t1=$started
  api -o /dev/null -X PUT -H 'Content-Type: application/json' "localhost:$APP_PORT/engine-rest/job-definition/suspended" \
    -d '{"processDefinitionKey":"bench-noop-async","suspended":false,"includeJobs":true}'
  # The rate is taken between 10 % and 90 % done: the executor's idle back-off before its first
  # acquisition after the jobs are activated is not the engine's running rate.
  local deadline=$((SECONDS + 600)) done=0 t10="" t90=""
  while [ "$done" -lt $((before + N)) ]; do
    [ $SECONDS -lt $deadline ] || { echo "jobs did not finish within 600 s: $done of $N"; exit 1; }
    sleep 0.1
    done=$(count_done)
    [ -z "$t10" ] && [ "$done" -ge $((before + N / 10)) ] && t10=$(now)
    [ -z "$t90" ] && [ "$done" -ge $((before + N * 9 / 10)) ] && t90=$(now)
  done
  local t2; t2=$(now)
  local start_rate done_rate
  start_rate=$(awk -v n="$N" -v a="$started" -v b="$t0" 'BEGIN { printf "%.0f", n / (a - b) }')
  done_rate=$(awk -v n="$N" -v a="$t90" -v b="$t10" 'BEGIN { printf "%.0f", n * 0.8 / (a - b) }')
  local total; total=$(awk -v a="$t2" -v b="$t1" 'BEGIN { printf "%.1f", a - b }')
  echo "throughput postgres $label: $done_rate async no-op processes completed per second (target 200/s, ratio $(ratio "$done_rate" 200)); all $N done $total s after their jobs were released; REST starts $start_rate/s"
}

echo "crvs-ops benchmark, $(nproc) cores, N=$N"
launch h2 --crvsops.data-dir="$tmp/h2" "$@"
echo "startup h2: $elapsed s to the first answered request (target 15 s, ratio $(ratio "$elapsed" 15))"
stop_app

start_postgres
pg_args=(--spring.profiles.active=demo,postgres
  "--CRVSOPS_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/crvsops" --CRVSOPS_DB_USER=crvsops
  "--CRVSOPS_DB_PASSWORD=$pg_password" --crvsops.data-dir="$tmp/pgapp"
  # The engine refuses deployments over REST to everyone (security.CommandGates): the bench's model is
  # deployed with the application's own, from its folder.
  "--camunda.bpm.deployment-resource-pattern=classpath*:processes/*.bpmn,classpath*:processes/*.dmn,classpath*:forms/*.form,file:$here/noop-async.bpmn")
launch postgres "${pg_args[@]}" "$@"
echo "startup postgres: $elapsed s to the first answered request (target 15 s, ratio $(ratio "$elapsed" 15))"
sleep 5  # let start-up work (users, rights) finish before timing jobs
throughput "$(if [ $# -gt 0 ]; then echo "with $*"; else echo "with the shipped settings"; fi)"
stop_app
