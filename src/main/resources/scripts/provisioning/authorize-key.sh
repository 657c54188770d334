# authorize-key.sh USER PUBLIC_KEY: USER accepts logins with PUBLIC_KEY.
set -eu
user=$1 key=$2
home=$(getent passwd "$user" | cut -d: -f6)
[ -n "$home" ] || { echo "there is no user '$user' on $(hostname)" >&2; exit 1; }
group=$(id -gn "$user")
if [ ! -d "$home/.ssh" ]; then
  install -d -m 700 -o "$user" -g "$group" "$home/.ssh"
  echo "CHANGED created $home/.ssh"
fi
if ! grep -qxF "$key" "$home/.ssh/authorized_keys" 2>/dev/null; then
  printf '%s\n' "$key" >> "$home/.ssh/authorized_keys"
  chown "$user:$group" "$home/.ssh/authorized_keys"
  chmod 600 "$home/.ssh/authorized_keys"
  echo "CHANGED authorized the manager's key for $user"
fi
