# The key file's content, for crvs-ops to copy to the workers; never logged.
set -eu
cat /mongodb-keyfile
