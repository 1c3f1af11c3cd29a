#!/usr/bin/env bash
# The project's start command (README): sets up the toolchain on a fresh machine, brings up the
# demo platform (PostgreSQL 15 primary + streaming standby, S3-compatible store, PgBouncer,
# pgBackRest) with example data, then the portal (frontend :3000, backend :7007).
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
. scripts/system-deps.sh
. scripts/lib/demo.sh

trap 'echo; echo "[demo] stopping…" >&2; dr_stop_all; exit 0' INT TERM
trap 'dr_stop_all' EXIT

started=$(date +%s)
dr_start_platform "${DR_DEMO_TENANTS:-40}"
dr_demo_backup
dr_start_portal
echo
echo "  Disaster Recovery Portal is up after $(( $(date +%s) - started ))s:"
echo "    open http://localhost:3000  (sign in as guest)"
echo "    fleet posture: http://localhost:3000/disaster-recovery"
echo "    logs: $DR_RUNTIME/portal.log, $DR_RUNTIME/platform.log"
echo "  Press Ctrl-C to stop everything."
wait "$DR_PORTAL_PID"
