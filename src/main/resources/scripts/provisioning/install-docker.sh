# A running Docker engine: Ubuntu's docker.io where none is installed; an installed one started.
set -eu
if docker info >/dev/null 2>&1; then exit 0; fi
if ! command -v dockerd >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
  echo "CHANGED installed docker.io"
fi
systemctl enable --now docker
echo "CHANGED started the Docker engine"
docker info >/dev/null
