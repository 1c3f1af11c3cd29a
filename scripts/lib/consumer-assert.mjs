#!/usr/bin/env node
/*
 * Asserts, against a running backend of the consumer-check app, what docs/install.md's
 * "Verify your install" list says a user should see: the fleet API answers (and lists the sample
 * tenants once the tenant provider has run and the posture was evaluated), the scaffolder lists
 * the disaster-recovery actions, the catalog holds and validates the Runbook, Vendor and
 * TrainingRecord kinds, and the MCP server lists the disaster-recovery tools.
 *
 * Usage: node scripts/lib/consumer-assert.mjs <backend base URL> <backend log file>
 */
import { readFileSync } from 'node:fs';

const [base, logFile] = process.argv.slice(2);
const SAMPLE_TENANTS = ['acme-store', 'blue-shop'];
const SCAFFOLDER_ACTIONS = [
  'disaster-recovery:backup:create',
  'disaster-recovery:backup:verify',
  'disaster-recovery:database:restore',
  'disaster-recovery:restored-copy:discard',
  'disaster-recovery:failover:preflight',
  'disaster-recovery:failover:switchover',
  'disaster-recovery:failover:failover',
  'disaster-recovery:failover:reprotect',
];
const MCP_TOOLS = ['get-entity-posture', 'get-fleet-summary', 'list-backups'];

function fail(message) {
  let tail = '';
  try {
    tail = readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n');
  } catch {
    // no log yet
  }
  console.error(
    `consumer check FAILED: ${message}\n--- backend log (last 60 lines) ---\n${tail}`,
  );
  process.exit(1);
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Polls `probe` (returns a value or undefined) every 2 s until it returns a value. */
async function waitFor(what, seconds, probe) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      fail(`${what} within ${seconds} s${last ? `: ${last}` : ''}`);
    await sleep(2000);
  }
}

let token;
async function api(path, init = {}) {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

// The backend is up (it compiles on start: allow a few minutes on a busy machine).
await waitFor('the backend answering', 600, async () => {
  const r = await api('/.backstage/health/v1/readiness');
  return r.status === 200 ? true : undefined;
});
console.log(`backend ready after ${seconds()}`);

// A guest user's token, as the app's sign-in page gets it.
token = await waitFor('a guest token', 60, async () => {
  const r = await api('/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return r.body?.backstageIdentity?.token;
});

// 1. The fleet API answers.
const fleet = await api('/api/disaster-recovery/fleet?limit=10');
if (fleet.status !== 200 || !Array.isArray(fleet.body.items)) {
  fail(
    `GET /api/disaster-recovery/fleet: ${fleet.status} ${JSON.stringify(
      fleet.body,
    )}`,
  );
}
console.log(
  `fleet API answers: ${fleet.body.totalItems} entities evaluated so far`,
);

// 2. The scaffolder lists the actions.
const actions = await api('/api/scaffolder/v2/actions');
const actionIds = Array.isArray(actions.body)
  ? actions.body.map(a => a.id)
  : [];
const missingActions = SCAFFOLDER_ACTIONS.filter(id => !actionIds.includes(id));
if (missingActions.length)
  fail(`scaffolder actions missing: ${missingActions.join(', ')}`);
console.log(
  `scaffolder lists ${SCAFFOLDER_ACTIONS.length} disaster-recovery actions`,
);

// 3. The catalog accepts the kinds (the sample location) and validates them.
for (const kind of ['Runbook', 'Vendor', 'TrainingRecord']) {
  await waitFor(`a ${kind} in the catalog`, 180, async () => {
    const r = await api(
      `/api/catalog/entities/by-query?filter=kind=${kind}&limit=1`,
    );
    return r.body?.items?.length ? true : undefined;
  });
}
const invalid = await api('/api/catalog/validate-entity', {
  method: 'POST',
  body: JSON.stringify({
    location: 'url:https://example.com/runbook.yaml',
    entity: {
      apiVersion: 'dr.platform.io/v1alpha1',
      kind: 'Runbook',
      metadata: { name: 'no-steps' },
      spec: { owner: 'guests', scenarios: ['database-corruption'] },
    },
  }),
});
if (invalid.status !== 400 || !JSON.stringify(invalid.body).includes('steps')) {
  fail(
    `an invalid Runbook was not rejected naming 'steps': ${
      invalid.status
    } ${JSON.stringify(invalid.body)}`,
  );
}
console.log(
  `catalog holds Runbook, Vendor, TrainingRecord and rejects an invalid Runbook`,
);

// 4. The tenant provider fills the fleet: tenants in the catalog, then evaluated.
await waitFor('the sample tenants in the catalog', 300, async () => {
  const r = await api(
    '/api/catalog/entities/by-query?filter=kind=resource,spec.type=tenant&limit=10',
  );
  return r.body?.items?.length === SAMPLE_TENANTS.length ? true : undefined;
});
const evaluate = await api('/api/disaster-recovery/evaluate', {
  method: 'POST',
});
if (evaluate.status !== 202)
  fail(`POST /evaluate: ${evaluate.status} ${JSON.stringify(evaluate.body)}`);
const tenants = await waitFor(
  'the sample tenants on the fleet',
  180,
  async () => {
    const r = await api('/api/disaster-recovery/fleet?limit=10');
    return r.body?.totalItems === SAMPLE_TENANTS.length
      ? r.body.items
      : undefined;
  },
);
console.log(
  `fleet lists the sample tenants: ${tenants
    .map(t => `${t.title ?? t.entityRef} (${t.overall})`)
    .join(', ')}`,
);

// 5. The MCP server lists the disaster-recovery tools (backend.actions.pluginSources).
const mcp = await fetch(`${base}/api/mcp-actions/v1`, {
  method: 'POST',
  headers: {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  },
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/list',
    params: {},
  }),
});
const mcpText = await mcp.text();
const mcpJson = mcpText.trim().startsWith('{')
  ? JSON.parse(mcpText)
  : JSON.parse(
      mcpText
        .split('\n')
        .filter(l => l.startsWith('data:'))
        .map(l => l.slice(5))
        .join(''),
    );
const tools = (mcpJson.result?.tools ?? []).map(t => t.name);
const missingTools = MCP_TOOLS.filter(
  name => !tools.some(t => t.endsWith(name)),
);
if (mcp.status !== 200 || missingTools.length) {
  fail(
    `MCP tools/list (${mcp.status}) lacks ${missingTools.join(
      ', ',
    )}: ${mcpText.slice(0, 500)}`,
  );
}
console.log(
  `MCP lists ${
    tools.filter(t => t.includes('disaster-recovery')).length
  } disaster-recovery tools`,
);
console.log(
  `all assertions passed (${seconds()} after the backend was started)`,
);
