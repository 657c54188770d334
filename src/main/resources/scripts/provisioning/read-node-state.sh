# What the closing verification compares with the environment: firewall, folders, key file, mounts.
set -u
echo "ufw=$(ufw status 2>/dev/null | head -n1 | sed 's/^Status: //')"
echo "ufw_rules=$(ufw status 2>/dev/null | grep -c ALLOW)"
for f in /data/mongo /data/elasticsearch /data/influxdb /data/minio /data/traefik /data/postgres /data/backups/mongo \
    /data/backups/elasticsearch /data/backups/influxdb /data/backups/minio /data/backups/postgres; do
  echo "folder $f=$(stat -c '%u %a' "$f" 2>/dev/null || echo missing)"
done
echo "acme=$(stat -c '%a' /data/traefik/acme.json 2>/dev/null || echo missing)"
echo "keyfile=$(stat -c '%u:%g %a' /mongodb-keyfile 2>/dev/null || echo missing)"
echo "data_mount=$(findmnt -no SOURCE /data 2>/dev/null || echo none)"
