# install-mongo-keyfile.sh SHA256, the key file on stdin: the manager's key file, on this node too.
set -eu
want=$1 file=/mongodb-keyfile
if [ ! -f "$file" ] || [ "$(sha256sum < "$file" | cut -d' ' -f1)" != "$want" ]; then
  (umask 077; cat > "$file.new")
  [ "$(sha256sum < "$file.new" | cut -d' ' -f1)" = "$want" ] || { rm -f "$file.new"; echo "the key file arrived damaged" >&2; exit 1; }
  mv "$file.new" "$file"
  echo "CHANGED copied $file from the manager"
fi
if [ "$(stat -c '%u:%g %a' "$file")" != "1000:1000 400" ]; then
  chown 1000:1000 "$file"; chmod 400 "$file"
  echo "CHANGED set $file to 1000:1000, 400"
fi
