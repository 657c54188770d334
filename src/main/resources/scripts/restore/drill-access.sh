# drill-access.sh grant USER TAG FROM KEY | drill-access.sh withdraw USER TAG
# While a drill fetches the source's newest set, the drill target's manager may sign in to the source's backup
# server as USER: its key authorized from its own address only, without forwarding or a terminal (restrict),
# marked TAG at the end of the line so that withdraw removes exactly that line again. Both are idempotent.
set -eu
action=$1 user=$2 tag=$3
home=$(getent passwd "$user" | cut -d: -f6)
[ -n "$home" ] || { echo "there is no user '$user' on $(hostname)" >&2; exit 1; }
group=$(id -gn "$user")
keys="$home/.ssh/authorized_keys"
case "$action" in
  grant)
    line="from=\"$4\",restrict $5 $tag"
    if ! grep -qxF "$line" "$keys" 2>/dev/null; then
      [ -d "$home/.ssh" ] || install -d -m 700 -o "$user" -g "$group" "$home/.ssh"
      printf '%s\n' "$line" >> "$keys"
      chown "$user:$group" "$keys"
      chmod 600 "$keys"
      echo "CHANGED authorized $tag for $user from $4"
    fi
    ;;
  withdraw)
    if [ -f "$keys" ] && grep -q " $tag\$" "$keys"; then
      rest=$(mktemp "$keys.XXXXXX")
      grep -v " $tag\$" "$keys" > "$rest" || true
      chown "$user:$group" "$rest"
      chmod 600 "$rest"
      mv -f "$rest" "$keys"
      echo "CHANGED withdrew $tag for $user"
    fi
    ;;
  *) echo "drill-access.sh: '$action' is neither grant nor withdraw" >&2; exit 2 ;;
esac
