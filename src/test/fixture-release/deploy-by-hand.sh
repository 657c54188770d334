#!/usr/bin/env bash
# OpenCRVS deployed by hand on the manager (as root), the way upstream's infrastructure/deployment/deploy.sh
# leaves it: the country's tree copied to /opt/opencrvs/infrastructure (a real folder) with the core's two
# compose files beside it, {{hostname}} and {{ts}} filled with sed, the deploy's external secrets made, every
# variable the chosen files require exported, then docker stack deploy --prune of the stack opencrvs.
#   deploy-by-hand.sh SOURCE DOMAIN VERSION COUNTRY_CONFIG_VERSION [ENVIRONMENT]
# SOURCE holds core/ (docker-compose.deps.yml, docker-compose.yml) and infrastructure/. Prints the {{ts}} used.
# ENVIRONMENT (default staging) picks docker-compose.<ENVIRONMENT>-deploy.yml. For DeployProductionIT: a stack
# crvs-ops did not deploy. The values are made up for the stand-in images.
set -euo pipefail
source=$1 domain=$2 environment=${5:-staging}
[[ "$environment" =~ ^[a-z0-9-]+$ ]] || { echo "environment: '$environment' is not a deploy file's name (a-z, 0-9, -)" >&2; exit 2; }
export VERSION=$3 COUNTRY_CONFIG_VERSION=$4
infra=/opt/opencrvs/infrastructure
rm -rf "$infra"
mkdir -p "$infra"
cp -r "$source/infrastructure/." "$infra/"
cp "$source/core/docker-compose.deps.yml" "$source/core/docker-compose.yml" "$infra/"
cd "$infra"
files=(docker-compose.deps.yml docker-compose.yml docker-compose.deploy.yml "docker-compose.$environment-deploy.yml")
ts=$(date +%s)
sed -i "s/{{hostname}}/$domain/g; s/{{ts}}/$ts/g" "${files[@]}"
sed -i "s/{{KIBANA_ENCRYPTION_KEY}}/$(cat /proc/sys/kernel/random/uuid)/g" monitoring/kibana/kibana.yml
export DOCKERHUB_ACCOUNT=farajaland DOCKERHUB_REPO=opencrvs-farajaland
# Every other ${X} the files name (as upstream's validate-required-variables script finds them), made up.
for name in $(grep -oh '\${[A-Z][A-Z0-9_]*}' "${files[@]}" | tr -d '${}' | sort -u); do
  [ -n "${!name:-}" ] || export "$name=byhand$(echo "$name" | tr -d '_' | tr 'A-Z' 'a-z')"
done
sed -i "s/{{MINIO_ROOT_USER}}/$MINIO_ROOT_USER/g; s/{{MINIO_ROOT_PASSWORD}}/$MINIO_ROOT_PASSWORD/g" mc-config/config.json
key=$(mktemp)
trap 'rm -f "$key"' EXIT
openssl genrsa -out "$key" 2048 2>/dev/null
docker secret create "jwt-private-key.$ts" "$key" >/dev/null
openssl rsa -in "$key" -pubout 2>/dev/null | docker secret create "jwt-public-key.$ts" - >/dev/null
echo "user default on >byhandredis ~* +@all" | docker secret create "redis-acl.$ts" - >/dev/null
# shellcheck disable=SC2046 # one -c per file
docker stack deploy --prune $(printf -- '-c %s ' "${files[@]}") --with-registry-auth opencrvs >/dev/null
echo "$ts"
