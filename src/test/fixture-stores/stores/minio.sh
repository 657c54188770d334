# The MinIO stand-in for the lab: S3Proxy (a real S3 server from Maven Central) on a file-system store, under the
# name OpenCRVS v1.9 gives MinIO. No MinIO server is on Maven Central or in the Debian archive.
# Sourced by ../make-stores.sh: store_prepare runs on this machine, store_install and store_version inside the image as root.
SUITE=bookworm  # its Java 17
VERSION=2.6.0
NAMES="quay.io/minio/minio:RELEASE.2025-06-13T11-33-47Z"
ABOUT="S3Proxy $VERSION (Maven Central) on Debian $SUITE's Java 17, standing in for MinIO as $NAMES"
# As the official image: its entry point, `minio` on the PATH first, the S3 port, root (MinIO's image runs as root).
CHANGES=(
  'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'
  'CMD ["minio"]'
  'ENV PATH=/opt/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin MINIO_ROOT_USER_FILE=access_key MINIO_ROOT_PASSWORD_FILE=secret_key LANG=C.UTF-8'
  'EXPOSE 9000'
)

# The jar with its dependencies, through Maven (its checksums checked).
store_prepare() {
  local download
  download=$(mktemp -d "$WORK/download.XXXXXX")
  if ! mvn -B --strict-checksums org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.gaul:s3proxy:$VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$download" >"$download.log" 2>&1; then
    tail -n 30 "$download.log" >&2
    die "minio: Maven could not fetch S3Proxy $VERSION (above)"
  fi
  mkdir -p "$1/opt/s3proxy" "$1/opt/bin"
  mv "$download/s3proxy-$VERSION-jar-with-dependencies.jar" "$1/opt/s3proxy/s3proxy.jar"
  unzip -p "$1/opt/s3proxy/s3proxy.jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: //p' | tr -d '\r' \
    > "$1/opt/s3proxy/VERSION"
  rm -rf "$download" "$download.log"
}

store_install() {
  # curl for health checks as in MinIO's image; GNU tar and gzip (Debian's essential ones) archive with xattrs,
  # where S3Proxy keeps each object's content type and metadata.
  packages openjdk-17-jre-headless curl
  # `minio` is the entry point under another name (minio-entry.sh: one file, part of the cache key).
  ln -s /usr/local/bin/docker-entrypoint.sh /opt/bin/minio
}

store_version() {
  echo "S3Proxy $(cat /opt/s3proxy/VERSION)," \
    "$(dpkg-query -W -f '${Package} ${Version}' openjdk-17-jre-headless)"
}
