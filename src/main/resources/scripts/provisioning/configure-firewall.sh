# configure-firewall.sh SSH_PORT ROLE PEER...: UFW with SSH, web and swarm ports; swarm ports only
# from the cluster's other nodes (PEER...), 2377 only on the manager. Enabled last, after SSH is allowed.
set -eu
ssh_port=$1 role=$2; shift 2
if ! command -v ufw >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ufw >/dev/null
  echo "CHANGED installed ufw"
fi
allow() {
  out=$(ufw allow "$@")
  case $out in *Skipping*) ;; *) echo "CHANGED ufw allow $*" ;; esac
}
allow "$ssh_port/tcp"
allow 80/tcp
allow 443/tcp
for peer in "$@"; do
  allow proto tcp from "$peer" to any port 7946
  allow proto udp from "$peer" to any port 7946
  allow proto udp from "$peer" to any port 4789
  [ "$role" != manager ] || allow proto tcp from "$peer" to any port 2377
done
if ! ufw status verbose | grep -q 'Default: deny (incoming)'; then
  ufw default deny incoming >/dev/null
  echo "CHANGED ufw default deny incoming"
fi
if ! ufw status | grep -q '^Status: active'; then
  ufw --force enable >/dev/null
  echo "CHANGED enabled ufw"
fi
