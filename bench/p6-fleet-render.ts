/*
 * P6: time to the first rendered rows of the fleet page (/disaster-recovery) in Chromium, against
 * the catalog index page listing the same tenants (/catalog?filters[kind]=resource&filters[type]=tenant),
 * in the same run, on the same portal.
 *
 *   flock /work/coord/e2e.lock bash bench/p6-fleet-render.sh [tenants=5000]
 *
 * The wrapper starts the demo platform with the tenants and the portal (frontend :3000, backend
 * :7007, fresh SQLite); this script expects them running. It waits until the catalog holds every
 * tenant and the fleet API reports every tenant evaluated, then, in P6_ROUNDS (default 5)
 * interleaved rounds after one discarded warm-up round, opens each page in a fresh Chromium page
 * and measures two things:
 *
 *   - load: the page's URL opened (a full load shows the sign-in page), the guest's "Enter"
 *     clicked, until the first row of the page's table is visible (time from the click);
 *   - in-app: from the home page, a client-side navigation to the URL (as a link click does)
 *     until the first row is visible.
 *
 * A fleet row is `[data-testid=fleet-row]` of the fleet table; a catalog row is a table row
 * linking to one of the tenants. Prints per-round figures, medians, the ratios and the requests
 * of the last round's pages; asserts nothing.
 */
import { chromium, Page } from 'playwright-core';

const TENANTS = Number(process.argv[2] ?? 5_000);
const ROUNDS = Number(process.env.P6_ROUNDS ?? 5);
const APP = process.env.P6_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.P6_BACKEND_URL ?? 'http://localhost:7007';

const PAGES = {
  fleet: {
    url: '/disaster-recovery',
    selector: 'section[aria-label="Fleet table"] [data-testid="fleet-row"]',
  },
  catalog: {
    url: '/catalog?filters%5Bkind%5D=resource&filters%5Btype%5D=tenant',
    selector: 'table tbody tr a[href^="/catalog/default/resource/"]',
  },
} as const;
type PageName = keyof typeof PAGES;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
const sleep = (t: number) => new Promise(r => setTimeout(r, t));

async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest refresh: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Polls `read` every 5 s until it returns at least `want`, printing progress. */
async function waitFor(
  what: string,
  want: number,
  read: (token: string) => Promise<number>,
) {
  const t0 = performance.now();
  let last = -1;
  for (;;) {
    const n = await read(await guestToken()).catch(() => -1);
    if (n >= want) break;
    if (n !== last)
      console.log(
        `  ${what}: ${n} of ${want} (${Math.round(
          (performance.now() - t0) / 1000,
        )} s)`,
      );
    last = n;
    if (performance.now() - t0 > 30 * 60_000)
      throw new Error(`timed out waiting for ${what}`);
    await sleep(5_000);
  }
  console.log(
    `${what}: ${want} after ${Math.round((performance.now() - t0) / 1000)} s`,
  );
}

async function totalItems(path: string, token: string) {
  const res = await fetch(`${BACKEND}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return Number((await res.json()).totalItems);
}

/**
 * Starts watching for the first visible element matching `selector` (animation frames); the
 * start time is taken now, in the page's clock.
 */
async function watch(page: Page, selector: string) {
  await page.evaluate(sel => {
    const w = window as any;
    // window.performance: the page's clock (the script's own `performance` is Node's)
    w.__p6 = { start: window.performance.now(), found: 0 };
    const tick = () => {
      const el = document.querySelector(sel);
      if (el && el.getBoundingClientRect().height > 0)
        w.__p6.found = window.performance.now();
      else requestAnimationFrame(tick);
    };
    tick();
  }, selector);
}

async function watched(page: Page, what: string) {
  const handle = await page.waitForFunction(
    () => {
      const p = (window as any).__p6;
      return p.found ? p.found - p.start : 0;
    },
    undefined,
    { timeout: 240_000, polling: 100 },
  );
  const value = Number(await handle.jsonValue());
  if (!(value > 0)) throw new Error(`no rows on ${what}`);
  return value;
}

type Request = { url: string; start: number; ms: number; status: number };

/** One page: load (sign in on the URL) and in-app navigation, with the requests of the load. */
async function measure(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  name: PageName,
) {
  const { url, selector } = PAGES[name];
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1200 },
  });
  const page = await context.newPage();
  // the first pages of a fresh dev-server portal on a loaded machine take minutes
  page.setDefaultTimeout(240_000);
  const requests: Request[] = [];
  const t0 = Date.now();
  page.on('requestfinished', async req => {
    const timing = req.timing();
    const res = await req.response();
    if (!req.url().includes('/api/')) return;
    requests.push({
      url: req.url().replace(BACKEND, ''),
      start: timing.startTime - t0,
      ms: timing.responseEnd,
      status: res?.status() ?? 0,
    });
  });
  try {
    // load: the URL, the sign-in page, "Enter", the first row
    await page.goto(APP + url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('button', { name: 'Enter' }).waitFor();
    await watch(page, selector);
    const clickedAt = Date.now();
    await page.evaluate(() =>
      [...document.querySelectorAll('button')]
        .find(b => (b.textContent || '').trim() === 'Enter')!
        .click(),
    );
    const load = await watched(page, `${name} (load)`);
    const loadRequests = requests
      .filter(r => r.start >= clickedAt - t0 - 50)
      .map(r => ({ ...r, start: r.start - (clickedAt - t0) }));

    // in-app: home, let it settle, then a client-side navigation to the URL
    await page.evaluate(() => {
      window.history.pushState({}, '', '/');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page
      .waitForLoadState('networkidle', { timeout: 30_000 })
      .catch(() => undefined);
    await sleep(1_000);
    await watch(page, selector);
    await page.evaluate(target => {
      window.history.pushState({}, '', target);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, url);
    const inApp = await watched(page, `${name} (in-app)`);
    return { load, inApp, loadRequests };
  } finally {
    await context.close();
  }
}

async function main() {
  console.log(`P6: ${TENANTS} tenants, ${ROUNDS} rounds (+1 warm-up)`);
  await waitFor('catalog tenants', TENANTS, token =>
    totalItems(
      '/api/catalog/entities/by-query?filter=kind=resource,spec.type=tenant&limit=1',
      token,
    ),
  );
  await waitFor('fleet entities evaluated', TENANTS, token =>
    totalItems('/api/disaster-recovery/fleet?limit=1', token),
  );

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const figures: Record<string, number[]> = {};
  const add = (k: string, v: number) => (figures[k] ??= []).push(v);
  const last: Record<string, Request[]> = {};
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const order: PageName[] =
        round % 2 ? ['catalog', 'fleet'] : ['fleet', 'catalog'];
      const line: string[] = [];
      for (const name of order) {
        const r = await measure(browser, name);
        line.push(`${name} load ${ms(r.load)} in-app ${ms(r.inApp)}`);
        last[name] = r.loadRequests;
        if (round === 0) continue;
        add(`${name}:load`, r.load);
        add(`${name}:inApp`, r.inApp);
      }
      console.log(
        `${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join('; ')}`,
      );
    }
  } finally {
    await browser.close();
  }

  for (const kind of ['load', 'inApp'] as const) {
    const f = figures[`fleet:${kind}`];
    const c = figures[`catalog:${kind}`];
    const ratios = f.map((x, i) => x / c[i]);
    console.log(
      `${kind === 'load' ? 'load (sign-in click)' : 'in-app navigation'}: ` +
        `fleet median ${ms(median(f))} (${ms(Math.min(...f))}–${ms(
          Math.max(...f),
        )}), catalog median ${ms(median(c))} (${ms(Math.min(...c))}–${ms(
          Math.max(...c),
        )}), ratio of medians ${(median(f) / median(c)).toFixed(2)}x, ` +
        `median of per-round ratios ${median(ratios).toFixed(2)}x (${ratios
          .map(r => r.toFixed(2))
          .join(', ')})`,
    );
  }
  for (const [name, reqs] of Object.entries(last)) {
    console.log(`requests of the last ${name} load (from the click):`);
    for (const r of reqs.sort((a, b) => a.start - b.start))
      console.log(
        `  +${Math.round(r.start)} ms ${Math.round(r.ms)} ms ${r.status} ${
          r.url.length > 140 ? `${r.url.slice(0, 140)}…` : r.url
        }`,
      );
  }
  const load = (await import('node:os')).loadavg();
  console.log(`load average: ${load.map(x => x.toFixed(2)).join(' ')}`);
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
