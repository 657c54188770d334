# A broken release: exits 1 at once, every time Swarm starts it.
echo "stand-in for ${STANDIN_FOR:-?}: a broken release; exit 1" >&2
exit 1
