# Redis 8 from Debian trixie for the lab, under the name OpenCRVS v1.9 uses.
# Sourced by ../make-stores.sh: store_install and store_version run inside the image as root.
SUITE=trixie
NAMES="redis:8"
ABOUT="Redis 8 (Debian $SUITE's redis-server) as $NAMES"
# As the official image: /data, and with no configuration file protected mode off (its build's default);
# OpenCRVS's compose runs redis-server with its own redis.conf and an ACL file.
CHANGES=(
  'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'
  'CMD ["redis-server", "--protected-mode", "no"]'
  'ENV LANG=C.UTF-8'
  'WORKDIR /data'
  'EXPOSE 6379'
)

store_install() {
  # 999: the official image's redis user
  groupadd -r -g 999 redis
  useradd -r -g redis -u 999 -d /data -s /usr/sbin/nologin redis
  packages redis-server redis-tools
  mkdir -p /data /usr/local/etc/redis
  chown redis:redis /data
}

store_version() {
  dpkg-query -W -f '${Package} ${Version}' redis-server
}
