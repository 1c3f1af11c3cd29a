#!/usr/bin/env bash
# Functions shared by scripts/start.sh and scripts/test.sh: bring up the demo platform
# (PostgreSQL primary + standby, S3 store, PgBouncer, pgBackRest) and the portal, and stop
# everything they started. Source after scripts/toolchain.sh.

DR_RUNTIME="${DR_RUNTIME:-$DR_ROOT/.dr-runtime}"
DR_PIDS=()

# Runs a TypeScript file of the repo with Backstage's node transform.
dr_ts() { node --require @backstage/cli/config/nodeTransform.cjs "$@"; }

# Waits until a command succeeds; $1 = seconds, $2 = what, rest = command.
dr_wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "[demo] timed out after ${timeout}s waiting for $what" >&2
      return 1
    fi
    sleep 1
  done
}

# Starts a platform from the harness CLI in the background; waits for its state file.
# $1 = name (state file .dr-runtime/<name>.json), rest = harness CLI flags.
dr_start_harness() {
  local name=$1; shift
  mkdir -p "$DR_RUNTIME"
  local state="$DR_RUNTIME/$name.json"
  rm -f "$state"
  setsid bash -c 'cd "$1" && shift && exec node --require @backstage/cli/config/nodeTransform.cjs packages/platform-harness/src/cli.ts start "$@"' \
    _ "$DR_ROOT" "$@" --state-file "$state" >"$DR_RUNTIME/$name.log" 2>&1 &
  local pid=$!
  DR_PIDS+=("$pid")
  echo "[demo] starting platform '$name'; log: $DR_RUNTIME/$name.log" >&2
  if ! dr_wait_for 240 "platform '$name'" test -s "$state"; then
    tail -40 "$DR_RUNTIME/$name.log" >&2
    return 1
  fi
  DR_HARNESS_STATE="$state"
}

# Starts the demo platform and exports DR_DEMO_* for app-config.demo.yaml. $1 = tenants.
# While it runs, a light write load (DR_DEMO_WRITE_LOAD transactions per second, default 2; 0 for
# none) goes through PgBouncer, and the primary archives its WAL at least every minute, so RPO
# exposure and replica lag are measured on a database that changes, as a real one does.
dr_start_platform() {
  dr_start_harness platform --seed-tenants "${1:-40}" --archive-timeout 60 \
    --write-load "${DR_DEMO_WRITE_LOAD:-2}"
  eval "$(node "$DR_ROOT/scripts/lib/demo-env.cjs" "$DR_HARNESS_STATE")"
  dr_demo_tenant_mistakes
}

# Gives one demo tenant a registry mistake a user can act on: a data class the policy does not
# define, so its backup and retention rules cannot be checked (its posture fails and says so).
# The other deliberate failures live in examples/catalog (an overdue tenant runbook, a vendor
# without an alternative, a team member without onboarding).
dr_demo_tenant_mistakes() {
  PGPASSWORD="$DR_DEMO_PG_PASSWORD" "$DR_DEMO_PG_BIN_DIR/psql" -q -X -v ON_ERROR_STOP=1 \
    -h "$DR_DEMO_PG_HOST" -p "$DR_DEMO_PG_PORT" -U "$DR_DEMO_PG_USER" -d "$DR_DEMO_PG_DATABASE" \
    -c "update tenants set data_classes = array_append(data_classes, 'loyalty-points'), updated_at = now()
        where slug = 'sunrise-books-39' and not 'loyalty-points' = any(data_classes)" >/dev/null
}

# Starts a PostgreSQL 15 for Backstage's TestDatabases and exports its connection string.
dr_start_test_database() {
  dr_start_harness testdb --no-standby --no-s3 --no-pgbouncer --no-pgbackrest
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).primary;
    const e = encodeURIComponent;
    process.stdout.write(`postgresql://${e(s.user)}:${e(s.password)}@${s.host}:${s.port}/postgres`);
  ' "$DR_HARNESS_STATE")"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
}

# Takes the demo's first logical backup with the product's backup operation, and a full
# pgBackRest backup so that point-in-time recovery has a base to start from.
dr_demo_backup() {
  (cd "$DR_ROOT" && dr_ts scripts/lib/demo-backup.ts)
  local t0
  t0=$(date +%s)
  local as_user=()
  [ "$(id -u)" = 0 ] && as_user=(runuser -u "$DR_DEMO_OS_USER" --)
  "${as_user[@]}" pgbackrest --config="$DR_DEMO_PGBACKREST_CONFIG" \
    --stanza="$DR_DEMO_PGBACKREST_STANZA" --type=full --log-level-console=warn backup
  echo "[demo] pgBackRest full backup of stanza $DR_DEMO_PGBACKREST_STANZA in $(($(date +%s) - t0))s" >&2
}

# Starts backend (:7007) and frontend (:3000) in the background and waits until both answer.
# Extra config files (absolute paths) may be passed as arguments.
# The example catalog is loaded from a copy whose dates are moved to today (runbook reviews,
# trainings and contract reviews stand to today as they stood to the day they were written for:
# scripts/lib/demo-catalog.cjs), so that the demo keeps its intended mix of states.
dr_start_portal() {
  local catalog_config
  catalog_config=$(node "$DR_ROOT/scripts/lib/demo-catalog.cjs" "$DR_RUNTIME/demo-catalog") || return 1
  local configs=(--config "$DR_ROOT/app-config.yaml" --config "$DR_ROOT/app-config.demo.yaml" --config "$catalog_config")
  local extra
  for extra in "$@"; do configs+=(--config "$extra"); done
  setsid bash -c 'cd "$1" && shift && exec yarn start "$@"' \
    _ "$DR_ROOT" "${configs[@]}" >"$DR_RUNTIME/portal.log" 2>&1 &
  DR_PORTAL_PID=$!
  DR_PIDS+=("$DR_PORTAL_PID")
  echo "[demo] starting the portal; log: $DR_RUNTIME/portal.log" >&2
  dr_wait_for 300 "the backend on :7007" curl -sf http://localhost:7007/.backstage/health/v1/readiness ||
    { tail -60 "$DR_RUNTIME/portal.log" >&2; return 1; }
  dr_wait_for 300 "the frontend on :3000" curl -sf http://localhost:3000 ||
    { tail -60 "$DR_RUNTIME/portal.log" >&2; return 1; }
}

# A config file that gives the portal a fresh, empty SQLite directory (for the e2e tests, so
# that no state of an earlier run can make them pass). Prints its path.
dr_fresh_portal_database_config() {
  local dir="$DR_RUNTIME/e2e-sqlite"
  rm -rf "$dir"
  mkdir -p "$dir"
  # The tests run recovery operations on the demo target themselves: the scheduled backups and
  # drills (an isolated test failover holds the target's lock for several seconds) would hold its
  # lock now and then and make one of them fail with "target busy".
  printf 'backend:\n  database:\n    client: better-sqlite3\n    connection:\n      directory: %s\ndisasterRecovery:\n  backups:\n    enabled: false\n  drills:\n    enabled: false\n' "$dir" \
    >"$DR_RUNTIME/app-config.e2e.yaml"
  echo "$DR_RUNTIME/app-config.e2e.yaml"
}

# Stops everything started above: SIGTERM to each leader first (the harness CLI then stops its
# servers in order; signalling its whole group at once would kill its children under it), then
# the rest of each process group, then SIGKILL for anything still alive.
dr_stop_all() {
  local pid
  for pid in "${DR_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${DR_PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${DR_PIDS[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  DR_PIDS=()
}
