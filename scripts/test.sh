#!/usr/bin/env bash
# Runs every test of crvs-ops. On a fresh Debian machine, as root: bash scripts/test.sh
# Extra arguments go to Maven, e.g. -Dtest=EnvironmentApiTest -Dit.test=TestbedIT
#
# The tests need real parts (sshd, a Docker swarm, PostgreSQL). Starting sshd and dockerd needs
# root; PostgreSQL refuses to run as root. So this script, as root, installs what is missing and
# starts the test bed, then runs Maven as the unprivileged user crvsops-test on a copy of the
# checkout, and stops the test bed at the end whatever happened.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
testbed="$repo/src/test/testbed/testbed.sh"
work=/var/tmp/crvs-ops-test
m2=/var/cache/crvs-ops/m2
user=crvsops-test

[ "$(id -u)" = 0 ] || { echo "run as root: bash scripts/test.sh" >&2; exit 1; }

# There are two labs (lab.sh's CRVS_LAB 0 and 1) and one copy in $work, all this run's: a second run (or a bench,
# which takes the same lock) waits for the first. flock -o holds the lock in flock itself, so that no daemon this run starts keeps it after the run.
lab_lock=/var/lock/crvs-ops-lab.lock
if [ "${CRVS_OPS_LAB_LOCKED:-}" != yes ]; then
  flock -n "$lab_lock" true || echo "Another test run or bench holds the lab ($lab_lock): waiting for it..."
  exec env CRVS_OPS_LAB_LOCKED=yes flock -o "$lab_lock" bash "$0" "$@"
fi

java_major() { java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
missing=()
if ! command -v mvn >/dev/null || ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
  missing+=(openjdk-17-jdk-headless maven)
fi
# The browser tests drive Debian's Chromium, headless.
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian packages)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash "$repo/src/test/compose/check-compose.sh"
# The real data stores' images (docs/lab-stores.md): built once per machine, then taken from the cache.
bash "$repo/src/test/fixture-stores/make-stores.sh" build

lab="$repo/src/test/testbed/lab.sh"
# The lab ITs run on two labs at once (they wait on swarms and timers, not on the CPU): those that lab1-its.txt
# names on lab 1, the others on lab 0. One chosen by -Dit.test runs on lab 0 only.
split="$repo/src/test/testbed/lab1-its.txt"
labs="0 1"
for arg in "$@"; do case $arg in -Dit.test=*) labs=0 ;; esac; done
# Each name in the split is a lab IT of the checkout: a renamed or removed one would silently move the split.
while read -r pattern; do
  case $pattern in ''|'#'*) continue ;; esac
  name=$(basename "$pattern" .java)
  it=$(find "$repo/src/test/java" -name "$name.java")
  [ -n "$it" ] || { echo "$split names $name, which src/test/java does not have" >&2; exit 1; }
  ! grep -q '@Tag("off-lab")' "$it" || { echo "$split names $name, an IT off the lab (@Tag(\"off-lab\"))" >&2; exit 1; }
done < "$split"
# The ITs that make or remove the host's /mongodb-keyfile (every node of both labs sees it) run on one lab.
while read -r it; do
  grep -q "\*\*/$(basename "$it")\$" "$split" || { echo "$split lacks $(basename "$it" .java): it touches /mongodb-keyfile" >&2; exit 1; }
done < <(grep -rlE 'mongodb-keyfile|ReleaseEnvironment|LabReset' "$repo/src/test/java" --include='*IT.java')
# Any other test code that removes it goes through testbed.HostKeyFile, whose lock the two labs' JVMs share.
removers=$(grep -rl 'rm -f /mongodb-keyfile' "$repo/src/test/java" | grep -v '/testbed/HostKeyFile.java$' || true)
[ -z "$removers" ] || { echo "These remove /mongodb-keyfile without testbed.HostKeyFile: $removers" >&2; exit 1; }
trap 'CRVS_LAB=all bash "$lab" destroy && CRVS_LAB=all bash "$lab" verify-gone; bash "$testbed" stop' EXIT
bash "$testbed" start
CRVS_LAB=all bash "$lab" destroy >/dev/null
for id in $labs; do
  CRVS_LAB=$id bash "$lab" create 3 --backup
  CRVS_LAB=$id bash "$lab" add-node node4   # outside the inventory: the test of Node addition adds it
  CRVS_LAB=$id bash "$lab" add-node node5   # outside the inventory: EmergencyRestoreIT's new manager after the old one is destroyed
done

# A copy the test user owns; its target/ is kept between runs so that builds stay incremental.
mkdir -p "$work/src"
find "$work/src" -mindepth 1 -maxdepth 1 ! -name target -exec rm -rf {} +
# Compiled classes and copied resources go: Maven would keep a model or class that the checkout no
# longer has (another branch's, say); the downloaded plugins and dependencies stay.
rm -rf "$work/src/target/classes" "$work/src/target/test-classes"
tar -C "$repo" --exclude=./target --exclude=./data --exclude=./.git -cf - . | tar -C "$work/src" -xf -
chown -R "$user:$user" "$work"

if [ ! -d "$m2" ]; then
  mkdir -p "$m2"
  # Seed from root's Maven repository when there is one: fewer downloads.
  [ -d /root/.m2/repository ] && cp -a /root/.m2/repository/. "$m2/"
fi
chown -R "$user:$user" "$(dirname "$m2")"

mvn_as_user() { (cd "$work/src" && runuser -u "$user" -- mvn -B -Dstyle.color=never -Dmaven.repo.local="$m2" "$@"); }
mvn_as_user_niced() { (cd "$work/src" && nice -n 10 runuser -u "$user" -- mvn -B -Dstyle.color=never -Dmaven.repo.local="$m2" "$@"); }
# Three Maven runs at once: the lab's ITs, one after the other on each lab (two runs); the unit tests and the ITs
# that leave the lab alone (@Tag("off-lab")) in the third. The lab's ITs leave the CPU idle most of the time,
# waiting on swarms and timers. First one run builds the jar and fetches every plugin and test provider, with no
# test at all: runs fetching into one Maven repository at once could leave it broken.
started=$SECONDS
# The last run's summaries go first: the first build's check would read a failure of that run as its own.
rm -f "$work/src/target/failsafe-reports"/failsafe-summary*.xml
mvn_as_user -q verify -Dtest=NoTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NoTest
# What this run's ITs report is newer than this: the check at the end reads only those.
ran_since=$work/its-started
touch "$ran_since"
status_dir=$work/status
rm -rf "$status_dir"; mkdir -p "$status_dir"
# Their lines carry "[off-lab] ", so that they read apart from the lab ITs' lines around them.
# One unit-test JVM at a time (not two): the lab's ITs beside them keep a core. Niced: the lab ITs' steps run
# under job locks and timers, which CPU starvation breaks (a full run with all three at the same priority had two
# lab ITs fail on time, load 9 to 12 on 2 cores); the unit tests only take longer. A folder of their own for the
# forked JVMs' booter files: the runs name theirs by the millisecond, and one deleted another's.
(mvn_as_user_niced -Dcrvsops.unit-forks=1 -DtempDir=surefire-off-lab surefire:test@default-test surefire:test@shared-jvm failsafe:integration-test@off-lab \
  failsafe:verify@verify-off-lab "$@" || echo $? > "$status_dir/off-lab") 2>&1 | sed -u 's/^/[off-lab] /' &
pids=$!
# lab_run ID: that lab's ITs, in a Failsafe run of its own (summary, booter folder, Spring data: see the pom); its
# lines carry "[lab ID] ".
lab_run() {
  local id=$1 from=$SECONDS filter=()
  if [ "$labs" != 0 ]; then
    [ "$id" = 1 ] && filter=("-Dfailsafe.includesFile=$work/src/src/test/testbed/lab1-its.txt") \
      || filter=("-Dfailsafe.excludesFile=$work/src/src/test/testbed/lab1-its.txt")
  fi
  (mvn_as_user -Dcrvsops.lab="$id" -DtempDir="surefire-lab$id" "${filter[@]}" failsafe:integration-test@own-jvm \
    failsafe:integration-test@one-jvm failsafe:verify@verify "${@:2}" || echo $? > "$status_dir/lab$id") 2>&1 | sed -u "s/^/[lab $id] /"
  echo "[lab $id] the lab ITs on lab $id took $(( (SECONDS - from) / 60 )) min $(( (SECONDS - from) % 60 )) s"
}
for id in $labs; do
  lab_run "$id" "$@" &
  pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
status=0
for run in off-lab $(printf 'lab%s ' $labs); do
  if [ -f "$status_dir/$run" ]; then
    status=$(cat "$status_dir/$run")
    mark=off-lab; [ "$run" = off-lab ] || mark="lab ${run#lab}"
    echo "A run failed: see the lines marked [$mark] above."
  fi
done
# Every IT ran, on a lab or off it: an IT that neither lab's Failsafe run nor the off-lab run took (a tag that no
# execution takes, say) would otherwise go unnoticed.
if [ "$labs" != 0 ]; then
  skipped=()
  while read -r it; do
    class=${it#"$work/src/src/test/java/"}; class=${class%.java}; class=${class//\//.}
    [ -n "$(find "$work/src/target/failsafe-reports" -name "TEST-$class.xml" -newer "$ran_since")" ] || skipped+=("$class")
  done < <(find "$work/src/src/test/java" -name '*IT.java')
  if [ ${#skipped[@]} -gt 0 ]; then
    echo "No run took these ITs (see lab1-its.txt and the pom's Failsafe executions): ${skipped[*]}"
    status=1
  fi
fi
echo "Maven, from the first build to the end of all runs: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
echo "Test reports: $work/src/target/surefire-reports and failsafe-reports;" \
  "flow coverage: $work/src/target/process-test-coverage"
exit $status
