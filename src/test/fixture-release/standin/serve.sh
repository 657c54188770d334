# A service or store: listens on the real one's ports (STANDIN_LISTEN, e.g. "http:7070" or
# "tcp:27017 ...") and stays up until SIGTERM. HTTP ports answer /ping (respond.sh); TCP ports of
# stores accept connections and close them: enough for a client that checks the port, not a protocol.
. "$STANDIN_HOME/lib.sh"
[ -n "${STANDIN_LISTEN:-}" ] || fail "STANDIN_LISTEN is empty: no port to listen on"
for item in $STANDIN_LISTEN; do listen "$item"; done
stay_up
