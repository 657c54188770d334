# PostgreSQL 17 from Debian trixie for the lab, under the name OpenCRVS v1.9 uses (postgres and postgres-on-update).
# Sourced by ../make-stores.sh: store_install and store_version run inside the image as root.
SUITE=trixie
NAMES="postgres:17.6"
ABOUT="PostgreSQL 17 (Debian $SUITE's postgresql-17) as $NAMES"
# As the official image: PGDATA, the server's bin first on the PATH (pg_dump, pg_restore, psql, initdb).
# It stops the official image with SIGINT (a fast shutdown: SIGTERM's smart one waits for every client to
# leave), which docker import cannot set (no STOPSIGNAL): dumb-init, as PID 1, turns SIGTERM into SIGINT.
CHANGES=(
  'ENTRYPOINT ["/usr/bin/dumb-init", "--rewrite", "15:2", "--", "/usr/local/bin/docker-entrypoint.sh"]'
  'CMD ["postgres"]'
  'ENV PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8'
  'EXPOSE 5432'
)

store_install() {
  # 999: the official image's postgres user, who owns the data folder
  groupadd -r -g 999 postgres
  useradd -r -g postgres -u 999 -d /var/lib/postgresql -s /bin/bash postgres
  # No cluster of Debian's own (/var/lib/postgresql/17/main): the entry point makes one in PGDATA.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/crvs-ops.conf
  packages postgresql-17 dumb-init
  # Every new cluster listens on all addresses, as the official image's.
  sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" /usr/share/postgresql/17/postgresql.conf.sample
  grep -q "^listen_addresses = '\*'" /usr/share/postgresql/17/postgresql.conf.sample
  mkdir -p /var/lib/postgresql/data /var/run/postgresql /docker-entrypoint-initdb.d
  chown postgres:postgres /var/lib/postgresql /var/lib/postgresql/data /var/run/postgresql
  chmod 3777 /var/run/postgresql
}

store_version() {
  dpkg-query -W -f '${Package} ${Version}' postgresql-17
}
