#!/usr/bin/env bash
# The project's test command (README, .ci/run): type-check, lint, formatting, unit and
# integration tests against real services started by the platform harness, and end-to-end
# browser tests in Chromium against the started portal. Sets up the toolchain on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
. scripts/system-deps.sh
. scripts/lib/demo.sh
trap 'dr_stop_all' EXIT

step() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
started=$(date +%s)

step "type-check";  yarn tsc
step "API reports of the published packages (yarn build:api-reports updates them)"
yarn api-reports:check
step "lint";        yarn lint:all
step "formatting";  yarn prettier:check
step "package metadata and dependencies"
yarn backstage-cli repo fix --publish --check
node scripts/check-dependencies.cjs

step "unit + integration tests (SQLite and PostgreSQL 15 for TestDatabases)"
dr_start_test_database
CI=1 yarn backstage-cli repo test --maxWorkers=2
dr_stop_all

# The consumer check (~10 min) is its own README command; DR_CONSUMER_CHECK=1 adds it here.
if [ "${DR_CONSUMER_CHECK:-}" = 1 ]; then
  step "consumer check: the packages in a fresh create-app app, installed as docs/install.md says"
  ./scripts/consumer-check.sh
fi

if [ "${DR_SKIP_E2E:-}" != 1 ]; then
  step "end-to-end tests in Chromium against the demo portal"
  dr_start_platform 40
  dr_demo_backup
  dr_start_portal "$(dr_fresh_portal_database_config)"
  CI=1 yarn playwright test
  dr_stop_all
fi
printf '\n=== all checks passed in %ss\n' "$(( $(date +%s) - started ))"
