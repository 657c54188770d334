#!/usr/bin/env bash
# Runs on a lab node (as root, over SSH) with the run number as $1: writes each stand-in store's
# known files under /data/standin/ (content "<store> known content") and run.txt with the number,
# so that a test can tell which run a backup file came from. Safe to run again.
set -euo pipefail
run=${1:?run number}
seed() { # seed FOLDER STORE
  mkdir -p "$1"
  echo "$2 known content" > "$1/records.txt"
  echo "$run" > "$1/run.txt"
}
for db in hearth-dev openhim-dev user-mgnt application-config metrics webhooks performance; do
  seed "/data/standin/mongo/$db" "$db"
done
seed /data/standin/elasticsearch elasticsearch
seed /data/standin/influxdb influxdb
seed /data/standin/minio minio
seed /data/standin/metabase metabase
seed /data/standin/vsexport vsexport
mkdir -p /data/standin/restores
