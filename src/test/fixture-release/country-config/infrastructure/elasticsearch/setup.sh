#!/bin/bash
# crvs-ops test fixture: setup-elasticsearch-users's entry point (the folder is bind-mounted at /usr/app).
set -eu
set -o pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/setup-users.sh"
bash "$(dirname "${BASH_SOURCE[0]}")/setup-settings.sh"
