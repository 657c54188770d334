# The MongoDB replica-set key file, made once on the manager; prints its SHA-256 (never its content).
set -eu
file=/mongodb-keyfile
if [ ! -f "$file" ]; then
  (umask 077; head -c 567 /dev/urandom | base64 > "$file.new")
  mv "$file.new" "$file"
  echo "CHANGED made $file"
fi
if [ "$(stat -c '%u:%g %a' "$file")" != "1000:1000 400" ]; then
  chown 1000:1000 "$file"; chmod 400 "$file"
  echo "CHANGED set $file to 1000:1000, 400"
fi
echo "SHA256 $(sha256sum < "$file" | cut -d' ' -f1)"
