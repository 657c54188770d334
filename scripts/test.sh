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

# There is one lab and one copy in $work: a second run (or a bench, which takes the same lock) waits for the
# first. flock -o holds the lock in flock itself, so that no daemon this run starts keeps it after the run.
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
trap 'bash "$lab" destroy && bash "$lab" verify-gone; bash "$testbed" stop' EXIT
bash "$testbed" start
bash "$lab" destroy >/dev/null
bash "$lab" create 3 --backup
bash "$lab" add-node node4   # outside the inventory: the test of Node addition adds it
bash "$lab" add-node node5   # outside the inventory: EmergencyRestoreIT's new manager after the old one is destroyed

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
# Two Maven runs at once: the lab's ITs in one, one after the other (there is one lab); the unit tests and the ITs
# that leave the lab alone (@Tag("off-lab")) in the other. The lab's ITs leave the CPU idle most of the time,
# waiting on swarms and timers. First one run builds the jar and fetches every plugin and test provider, with no
# test at all: two runs fetching into one Maven repository at once could leave it broken.
started=$SECONDS
# The last run's summaries go first: the first build's check would read a failure of that run as its own.
rm -f "$work/src/target/failsafe-reports"/failsafe-summary*.xml
mvn_as_user -q verify -Dtest=NoTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NoTest
status=0
off_lab_status=$work/off-lab-status
rm -f "$off_lab_status"
# Their lines carry "[off-lab] ", so that they read apart from the lab ITs' lines around them.
# One unit-test JVM at a time (not two): the lab's ITs beside them keep a core. A folder of their own for the
# forked JVMs' booter files: the two runs name theirs by the millisecond, and one deleted the other's.
(mvn_as_user -Dcrvsops.unit-forks=1 -DtempDir=surefire-off-lab surefire:test@default-test surefire:test@shared-jvm failsafe:integration-test@off-lab \
  failsafe:verify@verify-off-lab "$@" || echo $? > "$off_lab_status") 2>&1 | sed -u 's/^/[off-lab] /' &
off_lab_pid=$!
mvn_as_user failsafe:integration-test@own-jvm failsafe:integration-test@one-jvm failsafe:verify@verify "$@" || status=$?
wait "$off_lab_pid"
if [ -f "$off_lab_status" ]; then
  status=$(cat "$off_lab_status")
  echo "The unit tests or the ITs off the lab failed: see the lines marked [off-lab] above."
fi
echo "Maven, from the first build to the end of both runs: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
echo "Test reports: $work/src/target/surefire-reports and failsafe-reports;" \
  "flow coverage: $work/src/target/process-test-coverage"
exit $status
