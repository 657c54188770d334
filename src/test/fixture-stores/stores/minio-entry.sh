#!/bin/bash
# crvs-ops lab stand-in for MinIO. As docker-entrypoint.sh it is MinIO's: a command that is not `minio` gets
# `minio` put before it (the release's compose runs `server --console-address ":9001" /data`). As `minio`
# (/opt/bin/minio links here) it takes `minio server [--address A] [--console-address A] DIR` and runs S3Proxy,
# a real S3 server, with DIR as its file-system store: a bucket is a folder, an object a file, its content type
# and metadata the file's extended attributes (user.*). The console (9001) is not there: S3Proxy has none.
set -euo pipefail

entry() {
  if [[ ${1:-} != minio && -n ${1:-} ]]; then
    set -- minio "$@"
  fi
  exec "$@"
}

# MINIO_ROOT_USER, or the file MINIO_ROOT_USER_FILE names (relative: under /run/secrets, as MinIO reads it).
credential() {
  local name=$1 file_var="${1}_FILE" file
  if [[ -n ${!name:-} ]]; then printf '%s' "${!name}"; return; fi
  file=${!file_var:-}
  [[ -n $file && $file != /* ]] && file=/run/secrets/$file
  if [[ -n $file && -r $file ]]; then tr -d '\n' < "$file"; return; fi
  echo "minio stand-in: set $name (or ${name}_FILE) as for MinIO" >&2
  exit 1
}

server() {
  local address=:9000 dir=
  while (( $# )); do
    case $1 in
      --address) address=$2; shift 2 ;;
      --address=*) address=${1#*=}; shift ;;
      --console-address) shift 2 ;;
      --console-address=*) shift ;;
      -*) echo "minio stand-in: option $1 ignored" >&2; shift ;;
      *) [[ -z $dir ]] && dir=$1; shift ;;
    esac
  done
  [[ -n $dir ]] || { echo "minio stand-in: usage: minio server [--address :9000] DIR" >&2; exit 1; }
  mkdir -p "$dir"
  local conf
  conf=$(mktemp /tmp/s3proxy.XXXXXX.conf)  # mode 600: it holds the credentials
  {
    echo "s3proxy.endpoint=http://0.0.0.0:${address##*:}"
    echo "s3proxy.authorization=aws-v2-or-v4"
    echo "s3proxy.identity=$(credential MINIO_ROOT_USER)"
    echo "s3proxy.credential=$(credential MINIO_ROOT_PASSWORD)"
    echo "jclouds.provider=filesystem"
    echo "jclouds.filesystem.basedir=$dir"
  } > "$conf"
  exec java -jar /opt/s3proxy/s3proxy.jar --properties "$conf"
}

case ${0##*/} in
  minio)
    case ${1:-} in
      server) shift; server "$@" ;;
      --version|-v) echo "minio stand-in: S3Proxy $(cat /opt/s3proxy/VERSION)" ;;
      *) echo "minio stand-in: only 'minio server' (S3Proxy) is here" >&2; exit 1 ;;
    esac ;;
  *) entry "$@" ;;
esac
