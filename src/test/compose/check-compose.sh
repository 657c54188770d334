#!/usr/bin/env bash
# docker-compose.yml is accepted with its passwords set, and refused, naming the variable, without them.
# Uses Debian's docker-compose (installed when missing); it only reads the file, it starts nothing.
set -uo pipefail
cd "$(dirname "$0")/../../.."
if ! command -v docker-compose >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
failures=0
check() { # check NAME EXPECTED_EXIT(0|1) GREP_FOR ENV...
  local name=$1 expect=$2 pattern=$3; shift 3
  local out status
  out=$(env -i PATH="$PATH" "$@" docker-compose -f docker-compose.yml config 2>&1); status=$?
  if { [ "$expect" = 0 ] && [ $status = 0 ]; } || { [ "$expect" = 1 ] && [ $status != 0 ]; }; then
    if printf '%s' "$out" | grep -q -- "$pattern"; then echo "compose: ok: $name"; return; fi
  fi
  echo "compose: FAILED: $name (exit $status): $out" >&2
  failures=$((failures + 1))
}
check "accepted with both passwords set" 0 "SPRING_PROFILES_ACTIVE: postgres,prod" \
  POSTGRES_PASSWORD=db-secret-123 CRVSOPS_ADMIN_PASSWORD=admin-secret-123
check "refused without POSTGRES_PASSWORD" 1 "POSTGRES_PASSWORD" CRVSOPS_ADMIN_PASSWORD=admin-secret-123
check "refused without CRVSOPS_ADMIN_PASSWORD" 1 "CRVSOPS_ADMIN_PASSWORD" POSTGRES_PASSWORD=db-secret-123
[ $failures = 0 ] && echo "compose: all checks passed" || { echo "compose: $failures check(s) failed" >&2; exit 1; }
