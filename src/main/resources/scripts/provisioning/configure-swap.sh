# configure-swap.sh SIZE_MB: a swap file of SIZE_MB at /swapfile, on now and after a reboot.
set -eu
size=$1
if [ ! -f /swapfile ]; then
  fallocate -l "${size}M" /swapfile 2>/dev/null || dd if=/dev/zero of=/swapfile bs=1M count="$size" status=none
  chmod 600 /swapfile
  mkswap /swapfile >/dev/null
  echo "CHANGED made a ${size} MB swap file"
fi
if ! swapon --show=NAME --noheadings | grep -qx /swapfile; then
  swapon /swapfile
  echo "CHANGED turned on /swapfile"
fi
if ! grep -q '^/swapfile ' /etc/fstab; then
  echo '/swapfile none swap sw 0 0' >> /etc/fstab
  echo "CHANGED added /swapfile to /etc/fstab"
fi
