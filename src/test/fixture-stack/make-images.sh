#!/usr/bin/env bash
# Makes the fixture stack's images from local/busybox:1 on this node's engine; safe to run again.
set -euo pipefail
make() { # make IMAGE CMD-JSON
  docker image inspect "$1" >/dev/null 2>&1 && return
  local c
  c=$(docker create local/busybox:1 true)
  docker commit --change "CMD $2" "$c" "$1" >/dev/null
  docker rm "$c" >/dev/null
}
# Each stays up in a shell that ends at SIGTERM, as a service should: busybox's sleep alone, as a container's
# PID 1, ignores SIGTERM, and each stop (update, rollback, restore) would wait out Docker's 10 s grace period.
idle="trap 'exit 0' TERM; sleep 86400 & wait"
# Healthy once /tmp/ready exists (the compose file's health check looks for it). The image has only
# the busybox applets that lab.sh links (sh, sleep, ...), so others are called through busybox.
for tag in v1.8.0 v1.9.0; do make "opencrvs-fixture/core:$tag" "[\"sh\", \"-c\", \"busybox touch /tmp/ready; $idle\"]"; done
make opencrvs-fixture/core:v2.0.0 "[\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 20 & wait; busybox touch /tmp/ready; $idle\"]"
make opencrvs-fixture/core:v1.9.9 '["sh", "-c", "echo fixture: broken release >&2; exit 1"]'
for tag in abc1234 def5678; do make "opencrvs-fixture/countryconfig:$tag" "[\"sh\", \"-c\", \"$idle\"]"; done
echo "fixture images ready"
