# encrypt-data.sh SIZE, the passphrase on stdin: /data on a LUKS volume in a file-backed device.
# An existing volume is only opened and mounted; a node without a device mapper is refused, and so is
# a /data that already holds data: the volume mounted over it would hide that data from the services.
set -eu
size=$1 image=/cryptfs_file_sparse.img mapped=/dev/mapper/cryptfs
if [ "$(findmnt -no SOURCE /data 2>/dev/null)" = "$mapped" ]; then exit 0; fi
held=$(ls -A /data 2>/dev/null | grep -vx 'lost+found' | head -n 5 | tr '\n' ' ' || true)
if [ -n "$held" ]; then
  echo "$(hostname): /data already holds data and is not the encrypted volume (first entries: ${held% })," \
    "so it is not encrypted: the new volume would hide that data. Move what is in /data elsewhere and run" \
    "the provisioning again (then copy it back onto the encrypted /data), or provision without encryption." >&2
  exit 4
fi
if [ ! -e /dev/mapper/control ]; then
  echo "$(hostname) has no device mapper (/dev/mapper/control is missing), so /data cannot be put on an encrypted" \
    "volume here. Provision this environment without encryption, or use a server whose kernel has dm-crypt." >&2
  exit 3
fi
if ! command -v cryptsetup >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cryptsetup >/dev/null
  echo "CHANGED installed cryptsetup"
fi
passphrase=$(cat)
loop=$(losetup -j "$image" 2>/dev/null | cut -d: -f1 | head -n1)
if [ ! -f "$image" ]; then
  truncate -s "$size" "$image"
  loop=$(losetup --find --show "$image")
  printf '%s' "$passphrase" | cryptsetup -q luksFormat --key-file=- "$loop"
  printf '%s' "$passphrase" | cryptsetup open --key-file=- "$loop" cryptfs
  mkfs.ext4 -q "$mapped"
  echo "CHANGED made the encrypted volume $image ($size)"
fi
[ -n "$loop" ] || loop=$(losetup --find --show "$image")
if [ ! -e "$mapped" ]; then
  printf '%s' "$passphrase" | cryptsetup open --key-file=- "$loop" cryptfs
  echo "CHANGED opened the encrypted volume"
fi
mkdir -p /data
mount "$mapped" /data
echo "CHANGED mounted the encrypted volume on /data"
