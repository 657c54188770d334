# read-service-versions.sh SERVICE
# The service's version and the one swarm would roll back to, each as "current|previous FINGERPRINT IMAGE":
# the fingerprint is the SHA-256 of its task template and mode, so that no environment variable (a spec's
# may hold passwords) leaves the manager. Exit 3: the swarm has no such service.
set -u
service=$1
docker service inspect "$service" >/dev/null 2>&1 || exit 3
fp() { printf %s "$1" | sha256sum | cut -c1-64; }
s=$(docker service inspect --format '{{json .Spec.TaskTemplate}}{{json .Spec.Mode}}' "$service")
echo "current $(fp "$s") $(docker service inspect --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "$service")"
p=$(docker service inspect --format '{{with .PreviousSpec}}{{json .TaskTemplate}}{{json .Mode}}{{end}}' "$service")
[ -z "$p" ] || echo "previous $(fp "$p") $(docker service inspect --format \
  '{{with .PreviousSpec}}{{.TaskTemplate.ContainerSpec.Image}}{{end}}' "$service")"
