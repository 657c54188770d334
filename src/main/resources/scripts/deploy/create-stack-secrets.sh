# One deploy's Docker secrets jwt-public-key.<ts>, jwt-private-key.<ts> and redis-acl.<ts> (upstream's
# rotate-secrets.sh), made here on the manager: create-stack-secrets.sh KEY_FOLDER TS keep|rotate, the Redis
# ACL on standard input. The JWT key pair is made once into KEY_FOLDER (root only) and kept between deploys,
# since a new pair logs every OpenCRVS user out (opencrvs-core#1628); "rotate" makes a new one. The private key
# never leaves this server, and no secret is ever an argument. A secret that exists is left, so a retried step
# changes nothing. Prints KEYS made|rotated|kept, then CREATED or LEFT per secret.
set -eu
keys=$1 ts=$2 rotate=$3
private="$keys/jwt-private-key.pem"
public="$keys/jwt-public-key.pem"
acl=$(cat)
if [ -z "$acl" ]; then
  echo "No Redis ACL came on standard input" >&2
  exit 2
fi

exists() {
  docker secret ls --filter "name=$1" --format '{{.Name}}' | grep -qxF -- "$1"
}

# only_mine PATH MODE: owned by this user (root) with this mode, unless it is.
only_mine() {
  if [ "$(stat -c %u "$1")" != "$(id -u)" ]; then
    chown "$(id -u)" "$1"
    echo "CHANGED set the owner of $1 to $(id -un)"
  fi
  if [ "$(stat -c %a "$1")" != "$2" ]; then
    chmod "$2" "$1"
    echo "CHANGED set $1 to mode $2"
  fi
}

mkdir -p "$(dirname "$(dirname "$keys")")"
for folder in "$(dirname "$keys")" "$keys"; do
  if [ ! -d "$folder" ]; then
    mkdir -m 700 "$folder"
    echo "CHANGED made $folder"
  fi
  only_mine "$folder" 700
done

# A secret of this deploy was made from the pair on disk (a retry after it): that pair stays, so that
# both secrets hold one pair.
if exists "jwt-public-key.$ts" || exists "jwt-private-key.$ts"; then
  if [ ! -s "$private" ]; then
    echo "A JWT secret of deploy $ts exists but its key pair is gone from $keys: remove jwt-public-key.$ts and" \
      "jwt-private-key.$ts (docker secret rm) and run the step again" >&2
    exit 3
  fi
  rotate=keep
fi
if [ ! -s "$private" ] || [ "$rotate" = rotate ]; then
  outcome=$([ -s "$private" ] && echo rotated || echo made)
  (umask 077; openssl genrsa -out "$private.new" 2048 2>/dev/null)
  mv -f "$private.new" "$private"
else
  outcome=kept
fi
derived=$(openssl rsa -in "$private" -pubout 2>/dev/null) || {
  echo "$private is not an RSA private key that openssl can read" >&2
  exit 3
}
# Also after a stop between the two files: the public key is always the private key's.
if [ ! -s "$public" ] || [ "$derived" != "$(cat "$public")" ]; then
  (umask 077; printf '%s\n' "$derived" > "$public.new")
  mv -f "$public.new" "$public"
fi
only_mine "$private" 600
only_mine "$public" 600
echo "KEYS $outcome $keys"

# create NAME FILE: FILE "-" reads the value from standard input.
create() {
  if exists "$1" < /dev/null; then
    echo "LEFT $1"
  else
    docker secret create "$1" "$2" > /dev/null
    echo "CREATED $1"
  fi
}
create "jwt-public-key.$ts" "$public"
create "jwt-private-key.$ts" "$private"
printf '%s\n' "$acl" | create "redis-acl.$ts" -
