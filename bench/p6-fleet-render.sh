#!/usr/bin/env bash
# P6: starts the demo platform with N tenants (default 5,000) and the portal with a fresh SQLite,
# then runs bench/p6-fleet-render.ts against it. The portal uses the fixed ports 3000/7007, so run
# it serialised with the end-to-end tests, from the repository root:
#
#   flock /work/coord/e2e.lock bash bench/p6-fleet-render.sh [tenants=5000]
#
# Env: P6_ROUNDS (default 5, plus one warm-up round) is passed on to the script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/toolchain.sh
. scripts/system-deps.sh
. scripts/lib/demo.sh
trap dr_stop_all EXIT
tenants="${1:-5000}"
dr_start_platform "$tenants"
dr_start_portal "$(dr_fresh_portal_database_config)"
dr_ts bench/p6-fleet-render.ts "$tenants"
