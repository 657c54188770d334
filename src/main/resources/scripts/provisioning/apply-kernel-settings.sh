# Elasticsearch's vm.max_map_count, now and after a reboot, and log rotation for OpenCRVS's logs.
set -eu
if [ "$(sysctl -n vm.max_map_count)" != 262144 ]; then
  sysctl -qw vm.max_map_count=262144
  echo "CHANGED set vm.max_map_count=262144"
fi
conf=/etc/sysctl.d/60-opencrvs.conf
if ! grep -qx 'vm.max_map_count=262144' "$conf" 2>/dev/null; then
  echo 'vm.max_map_count=262144' > "$conf"
  echo "CHANGED wrote $conf"
fi
rotate=/etc/logrotate.d/opencrvs
want='/var/log/opencrvs-*.log /var/log/papertrail.log {
  monthly
  rotate 1
  compress
  missingok
  notifempty
}
/var/lib/docker/containers/*/*.log {
  weekly
  rotate 7
  compress
  missingok
  copytruncate
}'
if [ "$(cat "$rotate" 2>/dev/null)" != "$want" ]; then
  printf '%s\n' "$want" > "$rotate"
  echo "CHANGED wrote $rotate"
fi
