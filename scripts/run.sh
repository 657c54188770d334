#!/usr/bin/env bash
# Builds and runs crvs-ops on this machine: the demo profile, data in ./data (embedded H2).
# On a fresh Debian machine, as root: bash scripts/run.sh
# Extra arguments go to the application, e.g. --server.port=9090 or --spring.profiles.active=postgres,prod
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() { java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

if ! command -v mvn >/dev/null || ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
  echo "Installing Java 17 and Maven (Debian packages)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven
fi

echo "Building crvs-ops..."
mvn -B -q package -DskipTests
echo "Starting crvs-ops: open http://localhost:8080/camunda/app/tasklist (demo users: see README.md)"
echo "It answers on this machine only (127.0.0.1); CRVSOPS_LISTEN_ADDRESS opens it (docs/security.md)."
exec java -jar target/crvs-ops.jar "$@"
