# InfluxDB 1.6.7 from Debian bookworm for the lab, under the name OpenCRVS v1.9 uses for its 1.8.10.
# Sourced by ../make-stores.sh: store_install and store_version run inside the image as root.
SUITE=bookworm
NAMES="influxdb:1.8.10"
ABOUT="InfluxDB 1.6.7 (Debian $SUITE's influxdb, influxdb-client) as $NAMES"
# As the official 1.8 image: the entry point, then influxd (reading /etc/influxdb/influxdb.conf).
CHANGES=(
  'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'
  'CMD ["influxd"]'
  'ENV LANG=C.UTF-8'
  'EXPOSE 8086'
)

store_install() {
  # 1000: the owner OpenCRVS's provisioning gives /data/influxdb
  groupadd -g 1000 influxdb
  useradd -u 1000 -g 1000 -d /var/lib/influxdb -s /bin/false influxdb
  packages influxdb influxdb-client curl
  # The official image's configuration; OpenCRVS's own (a Docker config) replaces it.
  cat > /etc/influxdb/influxdb.conf <<'CONF'
[meta]
  dir = "/var/lib/influxdb/meta"

[data]
  dir = "/var/lib/influxdb/data"
  engine = "tsm1"
  wal-dir = "/var/lib/influxdb/wal"
CONF
  mkdir -p /var/lib/influxdb
  chown influxdb:influxdb /var/lib/influxdb
}

store_version() {
  dpkg-query -W -f '${Package} ${Version}, ' influxdb influxdb-client | sed 's/, $//'
}
