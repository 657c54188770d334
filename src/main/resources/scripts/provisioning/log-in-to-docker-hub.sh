# log-in-to-docker-hub.sh USER, the token on stdin: the engine pulls OpenCRVS images as USER.
set -eu
user=$1
token=$(cat)
auth=$(printf '%s:%s' "$user" "$token" | base64 -w0)
if grep -qF "\"$auth\"" "$HOME/.docker/config.json" 2>/dev/null; then exit 0; fi
printf '%s' "$token" | docker login --username "$user" --password-stdin >/dev/null
echo "CHANGED logged in to Docker Hub as $user"
