# crvs-ops lab stores: the Debian base every store's image starts from, and how a store is built on it.
# Sourced by ../make-stores.sh build (as root). Part of every store's cache key: a change here rebuilds all.
MIRROR=http://deb.debian.org/debian

# base_build SUITE TAR: a minimal Debian SUITE made for images, as the tar file TAR.
base_build() {
  local root
  root=$(mktemp -d "$WORK/root.XXXXXX")
  chmod 755 "$root"  # the image's /, which mktemp made 700
  # In a mount namespace of its own: whatever debootstrap mounts inside goes with it, even when it fails.
  if ! unshare --mount --propagation private debootstrap --variant=minbase "$1" "$root" "$MIRROR" >"$root.log" 2>&1; then
    tail -n 20 "$root.log" >&2
    die "debootstrap of Debian $1 failed (above; all of it in $root.log)"
  fi
  # As Docker's Debian images: no manuals or translations, no recommended packages.
  printf 'path-exclude /usr/share/%s/*\n' doc man info locale > "$root/etc/dpkg/dpkg.cfg.d/crvs-ops-excludes"
  echo 'APT::Install-Recommends "false";' > "$root/etc/apt/apt.conf.d/crvs-ops-no-recommends"
  tar -C "$root" --numeric-owner -cf "$WORK/base.tar" . && mv "$WORK/base.tar" "$2"
  rm -rf --one-file-system "$root" "$root.log"
}

# store_build STORE BASE_TAR TAR: BASE_TAR with the store (its script's store_prepare here, then store_install inside
# as root) and its entry point /usr/local/bin/docker-entrypoint.sh, as the tar file TAR.
store_build() {
  local root
  root=$(mktemp -d "$WORK/root.XXXXXX")
  tar -C "$root" -xf "$2"
  command install -m 755 "$STORES/$1-entry.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root/crvs-ops-build"
  cp "$STORES/$1.sh" "$root/crvs-ops-build/store.sh"
  if declare -F store_prepare >/dev/null; then store_prepare "$root"; fi
  unshare --mount --propagation private bash -c "$(declare -f in_root); in_root $(printf '%q' "$root")" \
    || die "$1: installing it failed (above)"
  rm -rf "$root/crvs-ops-build"
  tar -C "$root" --numeric-owner -cf "$WORK/store.tar" . && mv "$WORK/store.tar" "$3"
  rm -rf --one-file-system "$root"
}

# in_root ROOT: the store's install and version inside ROOT, with /proc and /dev, no service started by a package.
in_root() {
  set -euo pipefail
  local root=$1
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d" && chmod 755 "$root/usr/sbin/policy-rc.d"
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive /bin/bash -euo pipefail -c '
      # apt and debconf chatter goes to a log, shown only when they fail
      packages() {
        { apt-get update -qq && apt-get install -y -qq "$@"; } >/tmp/apt.log 2>&1 || { cat /tmp/apt.log >&2; return 1; }
      }
      source /crvs-ops-build/store.sh
      store_install
      echo "$ABOUT; installed: $(store_version)" > /etc/crvs-ops-store
      apt-get clean
      rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log /tmp/* /var/tmp/*'
  rm -f "$root/usr/sbin/policy-rc.d"
  : > "$root/etc/resolv.conf"  # Docker puts its own in each container; so /etc/hostname and /etc/hosts
  rm -f "$root/etc/hostname"
}
