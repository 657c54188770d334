# A one-shot or setup job: exits 0 when everything in STANDIN_NEEDS answers ("host:port": accepts a
# TCP connection; "http://host:port/path": answers 2xx), else exits 1 at once, so that Swarm starts it
# again (restart on-failure: migration, mongo-on-update, postgres-on-update; any: the setup jobs).
# migration reads WAIT_HOSTS when its compose file sets one, as upstream's image does (/app/wait).
. "$STANDIN_HOME/lib.sh"
needs=$STANDIN_NEEDS
if [ -n "${STANDIN_NEEDS_FROM_WAIT_HOSTS:-}" ] && [ -n "${WAIT_HOSTS:-}" ]; then
  needs=$(echo "$WAIT_HOSTS" | busybox tr ',' ' ')
fi
[ -n "$needs" ] || fail "nothing to wait for (STANDIN_NEEDS is empty)"
for need in $needs; do
  need_ok "$need" || fail "'$need' is not host:port or http://host:port/path"
done
waiting=
for need in $needs; do ready "$need" || waiting="$waiting $need"; done
if [ -n "$waiting" ]; then
  echo "stand-in for ${STANDIN_FOR:-?}: not ready yet:$waiting; exit 1" >&2
  exit 1
fi
echo "stand-in for ${STANDIN_FOR:-?}: $needs ready; done"
