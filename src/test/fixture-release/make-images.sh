#!/usr/bin/env bash
# Makes stand-ins for the images of an OpenCRVS v1.9 release, under their real names, on this node's
# engine from local/busybox:1 (as root). Safe to run again: a no-op when every image is there from
# these same files. What each stand-in does and what is not real: standin/README.md.
#   make-images.sh          makes them from standin/ next to this script (over SSH:
#                           LabSwarm.makeReleaseImages sends both)
#   make-images.sh --list   prints each image and its stand-in's settings, without Docker (the tests)
set -euo pipefail

# The images, exactly as upstream names them: opencrvs-core v1.9.15 docker-compose.deps.yml and
# docker-compose.yml, opencrvs-farajaland release/1.9.15 infrastructure/docker-compose.deploy.yml.
CORE=ghcr.io/opencrvs/ocrvs             # $CORE-<service>:${VERSION}
CORE_TAGS="v1.9.0 v1.9.1"               # core releases that start
CORE_BROKEN=v1.9.9                      # a core release whose services exit 1 at once
COUNTRY=farajaland/opencrvs-farajaland  # ${DOCKERHUB_ACCOUNT}/${DOCKERHUB_REPO}:${COUNTRY_CONFIG_VERSION}
COUNTRY_TAGS="v1.9.0 v1.9.1"
COUNTRY_BROKEN=broken
MONGO=mongo:4.4                         # mongo1 (mongo2 in production) and mongo-on-update
REDIS=redis:8
INFLUXDB=influxdb:1.8.10
HEARTH=opencrvs/hearth:1.1.0
MINIO=quay.io/minio/minio:RELEASE.2025-06-13T11-33-47Z
ELASTICSEARCH=ghcr.io/opencrvs/elasticsearch:8.16.4
ELASTICSEARCH_DEPS=docker.elastic.co/elasticsearch/elasticsearch:8.16.4  # deps.yml's; deploy.yml overrides it
POSTGRES=postgres:17.6                  # postgres and postgres-on-update
METABASE=metabase/metabase:v0.56.4      # dashboards
TRAEFIK=traefik:v2.11
FILEBEAT=ghcr.io/opencrvs/filebeat:8.16.4
METRICBEAT=ghcr.io/opencrvs/metricbeat:8.16.4
KIBANA=ghcr.io/opencrvs/kibana:8.16.4
LOGSTASH=logstash:8.16.4
APM_SERVER=ghcr.io/opencrvs/apm-server:7.17.22
ELASTALERT=jertel/elastalert2:2.19.0
MINIO_MC=minio/mc:RELEASE.2025-05-21T01-59-54Z
CURL=curlimages/curl:7.88.1             # setup-kibana-config
UBUNTU=ubuntu:bionic                    # setup-elasticsearch-users
MOSIP_API=ghcr.io/opencrvs/mosip-api:1.9.2-mock.1
MOSIP_MOCK=ghcr.io/opencrvs/mosip-mock:1.9.2-mock.1
ESIGNET_MOCK=ghcr.io/opencrvs/esignet-mock:1.9.2-mock.1

# One line per stand-in: its names, its kind (standin/<kind>.sh) and settings. Ports are the real
# services' (packages/*/src/environment.ts and the compose files' URLs and Traefik labels).
stand_ins() {
  core client       serve   STANDIN_LISTEN=http:3000
  core login        serve   STANDIN_LISTEN=http:3020
  core gateway      gateway STANDIN_LISTEN=http:7070
  core events       serve   STANDIN_LISTEN=http:5555
  core workflow     serve   STANDIN_LISTEN=http:5050
  core search       serve   STANDIN_LISTEN=http:9090
  core metrics      serve   STANDIN_LISTEN=http:1050
  core auth         serve   STANDIN_LISTEN=http:4040
  core user-mgnt    serve   STANDIN_LISTEN=http:3030
  core webhooks     serve   STANDIN_LISTEN=http:2525
  core notification serve   STANDIN_LISTEN=http:2020
  core config       serve   STANDIN_LISTEN=http:2021
  core documents    serve   STANDIN_LISTEN=http:9050
  core scheduler    idle
  core base         idle    # replicas: 0: only checked for
  core migration    job     "STANDIN_NEEDS=mongo1:27017 postgres:5432" STANDIN_NEEDS_FROM_WAIT_HOSTS=1
  core data-seeder  job     "STANDIN_NEEDS=http://gateway:7070/ping http://auth:4040/ping"  # replicas: 0
  image "${core_broken# }" broken "STANDIN_FOR=$CORE-<service>:$CORE_BROKEN"
  image "$(tagged "$COUNTRY" "$COUNTRY_TAGS")" serve STANDIN_LISTEN=http:3040
  image "$COUNTRY:$COUNTRY_BROKEN" broken
  image "$MONGO"        serve STANDIN_LISTEN=tcp:27017 STANDIN_ON_DEPLOY=mongo1:27017 STANDIN_ENTRY=bash
  image "$REDIS"        serve STANDIN_LISTEN=tcp:6379
  image "$INFLUXDB"     serve STANDIN_LISTEN=http:8086
  image "$HEARTH"       serve STANDIN_LISTEN=http:3447
  image "$MINIO"        serve "STANDIN_LISTEN=http:9000 http:9001"
  image "$ELASTICSEARCH $ELASTICSEARCH_DEPS" serve "STANDIN_LISTEN=http:9200 tcp:9300"
  image "$POSTGRES"     serve STANDIN_LISTEN=tcp:5432 STANDIN_ON_DEPLOY=postgres:5432
  image "$METABASE"     serve STANDIN_LISTEN=http:4444 STANDIN_ENTRY=sh
  image "$TRAEFIK"      serve "STANDIN_LISTEN=http:80 http:443 http:8080"
  image "$KIBANA"       serve STANDIN_LISTEN=http:5601
  image "$FILEBEAT"     idle
  image "$METRICBEAT"   idle
  image "$LOGSTASH"     idle
  image "$APM_SERVER"   idle
  image "$ELASTALERT"   idle
  image "$MINIO_MC"     idle  STANDIN_ENTRY=mc
  image "$CURL"         job   STANDIN_NEEDS=http://kibana:5601/api/status STANDIN_ENTRY=curl
  image "$UBUNTU"       job   STANDIN_NEEDS=http://elasticsearch:9200/_cluster/health STANDIN_ENTRY=bash
  image "$MOSIP_API"    serve STANDIN_LISTEN=http:2024
  image "$MOSIP_MOCK"   serve STANDIN_LISTEN=http:20240
  image "$ESIGNET_MOCK" serve STANDIN_LISTEN=http:20260
}

# The scripts baked into every image under /standin (standin/sh becomes /bin/sh).
FILES="entry lib.sh respond.sh serve.sh gateway.sh job.sh idle.sh broken.sh"
LABEL=org.crvsops.standin  # its value: a digest of this script and those files

die() { echo "make-images.sh: $*" >&2; exit 1; }

tagged() { # tagged NAME TAGS: NAME:TAG for each of TAGS
  local tag out=""
  for tag in $2; do out="$out $1:$tag"; done
  echo "${out# }"
}

core_broken=""
core() { # core SERVICE KIND SETTINGS...: the core service's image at each healthy tag
  core_broken="$core_broken $CORE-$1:$CORE_BROKEN"
  image "$(tagged "$CORE-$1" "$CORE_TAGS")" "${@:2}"
}

names=() settings=()
image() { # image NAMES KIND SETTINGS...: one stand-in, committed once and tagged with each of NAMES
  local for="" name row setting ok='^STANDIN_[A-Z_]+=[A-Za-z0-9 ._:/,<>()-]*$'
  for name in $1; do # "repo:v1.9.0 or :v1.9.1"
    if [[ -z $for ]]; then
      for=$name
    elif [[ ${name%:*} == "${for%%:*}" ]]; then
      for="$for or :${name##*:}"
    else
      for="$for or $name"
    fi
  done
  for setting in "${@:3}"; do [[ $setting == STANDIN_FOR=* ]] && for=${setting#STANDIN_FOR=}; done
  row="STANDIN_FOR=$for"$'\t'"STANDIN_KIND=$2"
  for setting in "${@:3}"; do
    [[ $setting =~ $ok ]] || die "setting '$setting' is not STANDIN_<NAME>=<letters, digits, spaces, ._:/,<>()->"
    [[ $setting == STANDIN_FOR=* ]] || row="$row"$'\t'"$setting"
  done
  names+=("$1")
  settings+=("$row")
}

list() { # each name, then its stand-in's settings, tab-separated
  local i name
  for i in "${!names[@]}"; do
    for name in ${names[i]}; do printf '%s\t%s\n' "$name" "${settings[i]}"; done
  done
}

env_change() { # env_change SETTINGS: their ENV instruction for docker commit --change
  local out="ENV" setting row
  IFS=$'\t' read -r -a row <<<"$1"
  for setting in "${row[@]}"; do out="$out ${setting%%=*}=\"${setting#*=}\""; done
  echo "$out"
}

running=()
spawn() { # spawn WHAT COMMAND...: the docker command in the background, 8 at a time at most
  "${@:2}" >/dev/null &
  running+=($!)
  if (( ${#running[@]} >= 8 )); then
    wait "${running[0]}" || die "a docker $1 failed (above)"
    running=("${running[@]:1}")
  fi
}

finish() { # finish WHAT: waits for the rest, failing if one failed
  local pid
  for pid in "${running[@]}"; do wait "$pid" || die "a docker $1 failed (above)"; done
  running=()
}

build="" container=""
make_all() {
  local here standin stamp all=() i row name labels
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  standin=$here/standin
  [[ -f $standin/entry ]] || die "no standin/ next to this script ($here): run it from the repository," \
    "or through LabSwarm.makeReleaseImages"
  command -v docker >/dev/null || die "no docker client here"
  # shellcheck disable=SC2086 # FILES: names without spaces
  stamp=$(cd "$standin" && cat "$here/make-images.sh" $FILES sh | sha256sum | cut -c1-16)
  for i in "${!names[@]}"; do read -r -a row <<<"${names[i]}"; all+=("${row[@]}"); done
  if labels=$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "${all[@]}" 2>/dev/null) \
      && ! grep -qvx "$stamp" <<<"$labels"; then
    echo "stand-in images up to date (${#all[@]})"
    return
  fi
  docker image inspect local/busybox:1 >/dev/null 2>&1 || die "no local/busybox:1 on this engine (lab.sh loads it)"
  build=$(mktemp -d)
  trap 'rm -rf "$build"; [[ -z $container ]] || docker rm "$container" >/dev/null' EXIT
  mkdir -p "$build/standin" "$build/bin" "$build/usr/bin" "$build/etc"
  # Every real image has root in /etc/passwd; local/busybox:1 has no /etc. Without it, a compose
  # `user: root` (filebeat, metricbeat) fails: "unable to find user root: no matching entries in passwd file".
  echo 'root:x:0:0:root:/root:/bin/sh' >"$build/etc/passwd"
  echo 'root:x:0:' >"$build/etc/group"
  for name in $FILES; do cp "$standin/$name" "$build/standin/"; done
  cp "$standin/sh" "$build/bin/sh"
  # upstream's compose files start some images through these (standin/entry says which)
  for name in bin/bash usr/bin/curl usr/bin/mc; do ln -s /standin/entry "$build/$name"; done
  chmod 755 "$build"/standin "$build"/standin/* "$build"/bin "$build"/bin/sh "$build"/usr "$build"/usr/bin "$build"/etc
  chmod 644 "$build"/etc/passwd "$build"/etc/group
  # One container, never started, holds the files; each stand-in is a commit of it with its own settings.
  container=$(docker create local/busybox:1 true)
  tar -C "$build" --owner=0 --group=0 -c standin bin usr etc | docker cp - "$container:/"
  # The tar's bin/sh replaces the symlink to busybox; followed instead, it would have overwritten busybox.
  (( $(docker cp "$container:/bin/busybox" - | wc -c) > 1000000 )) || die "/bin/busybox was overwritten in $container"
  for i in "${!names[@]}"; do
    read -r -a row <<<"${names[i]}"
    spawn commit docker commit --change 'ENTRYPOINT ["/standin/entry"]' --change 'CMD []' \
      --change "$(env_change "${settings[i]}")" --change "LABEL $LABEL=$stamp" "$container" "${row[0]}"
  done
  finish commit
  for i in "${!names[@]}"; do
    read -r -a row <<<"${names[i]}"
    for name in "${row[@]:1}"; do spawn tag docker tag "${row[0]}" "$name"; done
  done
  finish tag
  # The images these replaced, unless a container still uses one.
  docker image prune -f --filter "label=$LABEL" >/dev/null || true
  echo "stand-in images ready: ${#all[@]} names, ${#names[@]} images"
}

stand_ins
case ${1:-} in
  --list) list ;;
  "") make_all ;;
  *) die "unknown argument '$1': none (make the images) or --list" ;;
esac
