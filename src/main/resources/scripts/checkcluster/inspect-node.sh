# What the cluster check reports of a server, one name=value line each; changes nothing.
. /etc/os-release && echo "os=$PRETTY_NAME"
echo "cpus=$(nproc)"
awk '/^MemTotal:/ {print "memory_kb=" $2}' /proc/meminfo
df -Pk / | awk 'NR==2 {print "disk_kb=" $2}'
echo "docker=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo none)"
echo "swarm=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)"
