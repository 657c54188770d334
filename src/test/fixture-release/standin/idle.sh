# A service whose work the lab does not need (beats, logstash, apm-server, elastalert, minio-mc,
# scheduler): stays up, and ends at SIGTERM as LabSwarm.IDLE does (busybox's sleep as PID 1 would not).
trap 'kill $! 2>/dev/null; exit 0' TERM INT
while :; do
  busybox sleep 86400 &
  wait $!
done
