# The manager's own SSH key, with which it reaches the workers and the backup server.
set -eu
key="$HOME/.ssh/id_ed25519"
if [ ! -f "$key" ]; then
  install -d -m 700 "$HOME/.ssh"
  ssh-keygen -q -t ed25519 -N '' -C "opencrvs-manager@$(hostname)" -f "$key"
  echo "CHANGED made the manager's SSH key $key"
fi
echo "PUBLIC_KEY $(cat "$key.pub")"
