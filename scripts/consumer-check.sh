#!/usr/bin/env bash
# Consumer check: installs the plugin set into a fresh Backstage app the way docs/install.md says,
# and checks that it works there.
#
#  1. builds and packs every published package (plugins/*) and checks the packed manifests;
#  2. publishes the tarballs to a local registry (verdaccio on 127.0.0.1, a stand-in for the public
#     npm registry, which this check must not write to; everything else still comes from the
#     registry `npm config get registry` names);
#  3. creates a fresh app with @backstage/create-app 0.9.2;
#  4. applies the guide's steps, from the very snippet files that docs/install.md shows
#     (docs/snippets/), and checks that docs/install.md still shows each of them;
#  5. runs the app's `yarn tsc` and `backstage-cli config:check --strict`;
#  6. starts the backend on a free port and asserts that the fleet API, the scaffolder actions,
#     the catalog kinds and the MCP tools answer (scripts/lib/consumer-assert.mjs); stops it.
#
# The yarn cache is yarn's global cache (~/.yarn/berry/cache), shared with this repository, so a
# second run downloads nothing. DR_CONSUMER_DIR (default .dr-runtime/consumer) holds the app, the
# registry and the logs; it is recreated on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
ROOT=$PWD
WORK="${DR_CONSUMER_DIR:-$ROOT/.dr-runtime/consumer}"
SNIPPETS="$ROOT/docs/snippets"
CREATE_APP_VERSION=0.9.2
VERDACCIO_VERSION=6.8.0
started=$(date +%s)

step() { printf '\n=== consumer check: %s (%ss)\n' "$1" "$(($(date +%s) - started))"; }
free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK/packs" "$WORK/registry"

step "every snippet of docs/snippets is shown in docs/install.md"
node scripts/lib/check-snippets.cjs docs/install.md "$SNIPPETS"

step "build and pack the published packages"
yarn tsc
for dir in plugins/*/; do
  (cd "$dir" && yarn build >"$WORK/build-$(basename "$dir").log" 2>&1 &&
    yarn pack --out "$WORK/packs/%s-%v.tgz" >/dev/null) ||
    { cat "$WORK/build-$(basename "$dir").log" >&2; exit 1; }
done
node scripts/lib/check-packed.cjs "$WORK/packs"/*.tgz

step "local registry with the packed packages"
if [ ! -x "$ROOT/.toolchain/verdaccio/node_modules/.bin/verdaccio" ]; then
  npm install --prefix "$ROOT/.toolchain/verdaccio" --no-save --no-package-lock \
    "verdaccio@$VERDACCIO_VERSION" >"$WORK/verdaccio-install.log" 2>&1
fi
REGISTRY_PORT=$(free_port)
REGISTRY="http://127.0.0.1:$REGISTRY_PORT"
cat >"$WORK/registry/config.yaml" <<EOF
storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
uplinks: {}
packages:
  '@dr-portal/*':
    access: \$all
    publish: \$authenticated
log: { type: stdout, format: pretty, level: warn }
EOF
(cd "$WORK/registry" && exec setsid "$ROOT/.toolchain/verdaccio/node_modules/.bin/verdaccio" \
  --config ./config.yaml --listen "127.0.0.1:$REGISTRY_PORT" >verdaccio.log 2>&1) &
PIDS+=($!)
for _ in $(seq 60); do curl -sf "$REGISTRY/-/ping" >/dev/null && break; sleep 1; done
# A throwaway account of the throwaway registry; the token goes to a user config file, not argv.
curl -sf -X PUT -H 'content-type: application/json' \
  -d '{"name":"consumer-check","password":"consumer-check"}' \
  "$REGISTRY/-/user/org.couchdb.user:consumer-check" |
  node -e 'const t=JSON.parse(require("fs").readFileSync(0)).token; process.stdout.write(`//${process.argv[1]}/:_authToken=${t}\n`)' \
    "127.0.0.1:$REGISTRY_PORT" >"$WORK/registry/npmrc"
for tgz in "$WORK/packs"/*.tgz; do
  NPM_CONFIG_USERCONFIG="$WORK/registry/npmrc" npm publish "$tgz" --registry "$REGISTRY" \
    >>"$WORK/registry/publish.log" 2>&1
done

step "fresh app from @backstage/create-app $CREATE_APP_VERSION"
(cd "$WORK" && BACKSTAGE_APP_NAME=dr-consumer npx -y "@backstage/create-app@$CREATE_APP_VERSION" \
  --skip-install --path app >create-app.log 2>&1)
APP="$WORK/app"
cd "$APP"
# CI sets CI=true, which makes yarn refuse to write a lockfile; a user's fresh app writes one.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false
# The check's own wiring, not a guide step: the @dr-portal scope comes from the local registry.
cat >>.yarnrc.yml <<EOF
npmScopes:
  dr-portal:
    npmRegistryServer: '$REGISTRY'
unsafeHttpWhitelist:
  - 127.0.0.1
EOF

step "the guide's steps"
added=0 # lines a user types into the fresh app's files
merge_snippet() { # <file> <snippet>: the guide's YAML step; counts the lines it adds
  local out
  out=$(node "$ROOT/scripts/lib/merge-yaml.cjs" "$1" "$2")
  echo "$out"
  added=$((added + ${out%% *}))
}
# Prerequisite of the guide: create-app 0.9.2 pins @backstage/backend-defaults ^0.18.0.
sed -i 's#"@backstage/backend-defaults": "^0.18.0"#"@backstage/backend-defaults": "^0.19.0"#' \
  packages/backend/package.json
grep -q '"@backstage/backend-defaults": "^0.19.0"' packages/backend/package.json
merge_snippet .yarnrc.yml "$SNIPPETS/yarnrc.yml"
yarn install >"$WORK/yarn-install.log" 2>&1 || { tail -40 "$WORK/yarn-install.log" >&2; exit 1; }
bash -euo pipefail "$SNIPPETS/add-packages.sh" >"$WORK/yarn-add.log" 2>&1 ||
  { tail -40 "$WORK/yarn-add.log" >&2; exit 1; }
added=$((added + $(grep -c . "$SNIPPETS/add-packages.sh")))
node -e '
  const fs = require("fs");
  const [file, snippet] = process.argv.slice(1);
  const src = fs.readFileSync(file, "utf8");
  if (!src.includes("backend.start();")) throw new Error(`${file} has no backend.start()`);
  fs.writeFileSync(file, src.replace("backend.start();", fs.readFileSync(snippet, "utf8") + "\nbackend.start();"));
' packages/backend/src/index.ts "$SNIPPETS/backend-index.ts"
added=$((added + $(grep -c . "$SNIPPETS/backend-index.ts")))
merge_snippet app-config.yaml "$SNIPPETS/app-config.yaml"
required=$added
# "Try it" of the guide: sample entities and a tenants file.
merge_snippet app-config.yaml "$SNIPPETS/try-it/app-config.yaml"
cp "$SNIPPETS/try-it/disaster-recovery.yaml" examples/disaster-recovery.yaml
cp "$SNIPPETS/try-it/tenants.yaml" examples/tenants.yaml
sample=$((added - required + $(grep -c . examples/disaster-recovery.yaml) + $(grep -c . examples/tenants.yaml)))

step "the app type-checks and its config passes config:check --strict"
yarn tsc >"$WORK/tsc.log" 2>&1 || { cat "$WORK/tsc.log" >&2; exit 1; }
yarn backstage-cli config:check --strict >"$WORK/config-check.log" 2>&1 ||
  { cat "$WORK/config-check.log" >&2; exit 1; }

step "start the backend and ask it"
BACKEND_PORT=$(free_port)
(cd packages/backend && APP_CONFIG_backend_listen_port="$BACKEND_PORT" \
  APP_CONFIG_backend_baseUrl="\"http://localhost:$BACKEND_PORT\"" \
  exec setsid yarn start >"$WORK/backend.log" 2>&1) &
PIDS+=($!)
node "$ROOT/scripts/lib/consumer-assert.mjs" "http://localhost:$BACKEND_PORT" "$WORK/backend.log"

printf '\nlines a user adds to a fresh app: %s (and changes 1: backend-defaults ^0.19.0); the optional sample: %s more\n' \
  "$required" "$sample"
printf '\n=== consumer check passed in %ss\n' "$(($(date +%s) - started))"
