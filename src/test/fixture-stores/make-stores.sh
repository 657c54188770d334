#!/usr/bin/env bash
# Images of the real data stores OpenCRVS v1.9 runs, made with no registry: a Debian root file system
# (debootstrap), the store installed inside, docker imported under the names the release's compose files use.
#   make-stores.sh build            builds each store's file system that is not cached yet (as root, on the
#                                   machine: scripts/test.sh runs it before the lab); prints its progress
#   make-stores.sh import [STORE..] imports them into this engine (a lab node's, over SSH: LabSwarm.importStores
#                                   sends this folder); a no-op for an image already there from the same files
#   make-stores.sh list             each store, its cache key and its names, without root or Docker (the tests)
# One small script per store in stores/ (stores/base.sh: the Debian base and how a store is built on it).
# What is real, what differs from the official images, and how long a build takes: docs/lab-stores.md.
set -euo pipefail

CACHE=${CRVS_OPS_STORE_CACHE:-/var/cache/crvs-ops/stores}
STORES_ALL="elasticsearch influxdb minio postgres redis"
LABEL=org.crvsops.store  # its value: <store>-<key>, the file the image was imported from
KEEP_DAYS=7              # a cached file of another key (another branch's scripts) goes when unused this long

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STORES=$here/stores
say() { printf 'stores: %s\n' "$*"; }
die() { printf 'make-stores.sh: %s\n' "$*" >&2; exit 1; }
[[ -f $STORES/base.sh ]] || die "no stores/ next to this script ($here): run it from the repository, or through LabSwarm.importStores"

# hash FILES...: the first 16 hex digits of their contents' SHA-256, in the order given
hash() { cat "$@" | sha256sum | cut -c1-16; }
# The key of a store: its own two files and the base, so that a changed script rebuilds that store (base.sh: all).
key() { hash "$STORES/base.sh" "$STORES/$1.sh" "$STORES/$1-entry.sh"; }
base_key() { hash "$STORES/base.sh"; }

known() { # known STORE: refuses anything but a store of STORES_ALL
  [[ " $STORES_ALL " == *" $1 "* ]] || die "unknown store '$1': one of $STORES_ALL"
}

list() {
  local store
  for store in $STORES_ALL; do
    (source "$STORES/$store.sh"; printf '%s\t%s\t%s\t%s\n' "$store" "$(key "$store")" "$SUITE" "$NAMES")
  done
}

# --- build (root, this machine) ---

install_tools() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v mvn >/dev/null || missing+=(maven)
  if (( ${#missing[@]} )); then
    say "installing ${missing[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

forget_old() { # forget_old PREFIX KEEP: cached files of PREFIX but KEEP, unused for KEEP_DAYS
  find "$CACHE" -maxdepth 1 -name "$1-*.tar" ! -name "$2" -mtime +"$KEEP_DAYS" -delete
}

build_all() {
  [[ $(id -u) == 0 ]] || die "build runs as root (debootstrap, chroot): sudo bash $0 build"
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"
  flock -n 9 || { say "another build holds $CACHE/.lock: waiting for it"; flock 9; }
  local store started=$SECONDS built=0 count
  count=$(wc -w <<<"$STORES_ALL")
  # Each build works in here; it goes at the end, also when a build fails (set -e ends this script there).
  WORK=$(mktemp -d "$CACHE/work.XXXXXX")
  trap 'status=$?; rm -rf --one-file-system "$WORK"; (( status == 0 )) || say "the build failed (above): nothing of it was cached"' EXIT
  for store in $STORES_ALL; do
    [[ -f $CACHE/$store-$(key "$store").tar ]] || { build_one "$store"; built=$((built + 1)); }
  done
  if (( built )); then
    say "built $built of $count images' file systems in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s; cached in $CACHE"
  else
    say "all $count up to date in $CACHE"
  fi
}

build_one() {
  local store=$1 file base about started=$SECONDS
  install_tools
  (
    source "$STORES/base.sh"
    source "$STORES/$store.sh"
    base=$CACHE/base-$SUITE-$(base_key).tar
    if [[ ! -f $base ]]; then
      say "Debian $SUITE: debootstrap from $MIRROR (a minute or two, once per machine)"
      base_build "$SUITE" "$base"
      forget_old "base-$SUITE" "${base##*/}"
    fi
    file=$CACHE/$store-$(key "$store").tar
    say "$store: $ABOUT"
    store_build "$store" "$base" "$file"
    forget_old "$store" "${file##*/}"
    about=$(tar -xOf "$file" ./etc/crvs-ops-store)
    say "$store: ${about#*; }, $(( $(stat -c %s "$file") / 1048576 )) MiB, in $(( SECONDS - started )) s"
  )
}

# --- import (root, a Docker engine) ---

import_all() {
  command -v docker >/dev/null || die "no docker client here"
  local store stores=("$@") pids=() failed=0
  (( ${#stores[@]} )) || read -ra stores <<<"$STORES_ALL"
  for store in "${stores[@]}"; do known "$store"; done
  # At once: each import is mostly the engine writing one layer.
  for store in "${stores[@]}"; do import_one "$store" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  (( failed == 0 )) || die "an import failed (above)"
}

# Each image is also kept under a name of its own, crvs-ops/store-<store>:<key>, that no stand-in takes: when
# makeReleaseImages has put its stand-ins back under the release's names, a later import only tags them again
# (no second 1.1 GiB import), and the real image never becomes a dangling one that nothing removes.
import_one() {
  local store=$1 key file labels change changes=() name kept
  key=$(key "$store")
  file=$CACHE/$store-$key.tar
  kept=crvs-ops/store-$store:$key
  source "$STORES/$store.sh"
  # shellcheck disable=SC2086 # NAMES: image names, no spaces
  if labels=$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$kept" $NAMES 2>/dev/null) \
      && ! grep -qvx "$store-$key" <<<"$labels"; then
    say "$store: up to date ($NAMES)"
    return
  fi
  if [[ $(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$kept" 2>/dev/null) == "$store-$key" ]]; then
    for name in $NAMES; do docker tag "$kept" "$name"; done
    say "$store: tagged again as $NAMES (the names held other images)"
    return
  fi
  [[ -f $file ]] || die "no $file: build the stores first, as root on this machine:" \
    "bash src/test/fixture-stores/make-stores.sh build (scripts/test.sh does)"
  for change in "${CHANGES[@]}" "LABEL $LABEL=$store-$key"; do changes+=(--change "$change"); done
  docker import "${changes[@]}" "$file" "$kept" >/dev/null
  for name in $NAMES; do docker tag "$kept" "$name"; done
  # Another key's images of this store (older scripts), unless a container still uses one.
  docker image ls --format '{{.Repository}}:{{.Tag}}' "crvs-ops/store-$store" | grep -vx "$kept" \
    | xargs -r docker rmi >/dev/null 2>&1 || true
  touch "$file"
  say "$store: imported as $NAMES"
}

case ${1:-} in
  build) build_all ;;
  import) import_all "${@:2}" ;;
  list) list ;;
  *) die "unknown command '${1:-}': build, import [STORE...] or list" ;;
esac
