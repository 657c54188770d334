# Elasticsearch 8.17.0 for the lab, under the names OpenCRVS v1.9 uses for its 8.16.4 (not on Maven Central).
# Sourced by ../make-stores.sh: store_prepare runs on this machine, store_install and store_version inside the image as root.
SUITE=bookworm  # its Java 17 (trixie has none)
VERSION=8.17.0
NAMES="ghcr.io/opencrvs/elasticsearch:8.16.4 docker.elastic.co/elasticsearch/elasticsearch:8.16.4"
ABOUT="Elasticsearch $VERSION (Maven Central's integ-test-zip) on Debian $SUITE's Java 17, as $NAMES"
# As the official image: tini as PID 1 (signals, zombies), the entry point, ES's bin on the PATH, user 1000.
CHANGES=(
  'ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/docker-entrypoint.sh"]'
  'CMD ["eswrapper"]'
  'ENV ES_JAVA_HOME=/usr/lib/jvm/java-17 PATH=/usr/share/elasticsearch/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8'
  'WORKDIR /usr/share/elasticsearch'
  'EXPOSE 9200 9300'
)

# The zip from Maven Central, through Maven (its checksums checked), unpacked as /usr/share/elasticsearch.
store_prepare() {
  local download
  download=$(mktemp -d "$WORK/download.XXXXXX")
  if ! mvn -B --strict-checksums org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERSION:zip" \
      -DoutputDirectory="$download" >"$download.log" 2>&1; then
    tail -n 30 "$download.log" >&2
    die "elasticsearch: Maven could not fetch the zip $VERSION (above)"
  fi
  unzip -q "$download/elasticsearch-$VERSION.zip" -d "$1/usr/share"
  mv "$1/usr/share/elasticsearch-$VERSION" "$1/usr/share/elasticsearch"
  rm -rf "$download"
}

store_install() {
  groupadd -g 1000 elasticsearch
  useradd -u 1000 -g 1000 -d /usr/share/elasticsearch -s /bin/bash elasticsearch
  packages openjdk-17-jre-headless curl tini
  ln -s "$(echo /usr/lib/jvm/java-17-openjdk-*)" /usr/lib/jvm/java-17
  cd /usr/share/elasticsearch
  # The official image's build type: ES then reads settings from the environment (discovery.type=single-node,
  # xpack.security.enabled=true, path.repo=...), as OpenCRVS's compose files give them.
  sed -i 's/^ES_DISTRIBUTION_TYPE=.*/ES_DISTRIBUTION_TYPE=docker/' bin/elasticsearch-env
  grep -qx ES_DISTRIBUTION_TYPE=docker bin/elasticsearch-env
  printf 'cluster.name: "docker-cluster"\nnetwork.host: 0.0.0.0\n' > config/elasticsearch.yml
  # Logs to the console only, as the official image (docker logs), never into the container's files.
  cat > config/log4j2.properties <<'LOG'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%consoleException%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
LOG
  # A lab's heap: OpenCRVS's own jvm.options (a Docker config at jvm.options.d/jvm.options, -Xms4g) sorts after
  # this file and wins.
  printf -- '-Xms512m\n-Xmx512m\n' > config/jvm.options.d/crvs-ops-lab-heap.options
  mkdir -p data logs plugins
  chown -R elasticsearch:elasticsearch .
}

store_version() {
  echo "Elasticsearch $(ls /usr/share/elasticsearch/lib | sed -n 's/^elasticsearch-\([0-9.]*\)\.jar$/\1/p')," \
    "$(dpkg-query -W -f '${Package} ${Version}' openjdk-17-jre-headless)"
}
