import { expect, Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';

/** Where the end-to-end tests leave their screenshots. */
export const artifacts = path.resolve(__dirname, '../../../test-artifacts');

/** Signs in with the guest provider from the landing page. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}

/** The demo platform's tenant registry (the primary), from the environment the test command sets. */
function registryConnection() {
  return {
    host: process.env.DR_DEMO_PG_HOST,
    port: Number(process.env.DR_DEMO_PG_PORT),
    user: process.env.DR_DEMO_PG_USER,
    password: process.env.DR_DEMO_PG_PASSWORD,
    database: process.env.DR_DEMO_PG_DATABASE,
  };
}

/** The slug (entity name) of the first demo tenant by name. */
export async function firstTenantSlug(): Promise<string> {
  const client = new Client(registryConnection());
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT slug FROM tenants ORDER BY name LIMIT 1',
    );
    return rows[0].slug;
  } finally {
    await client.end();
  }
}

/** Client-side navigation, as a click on a link does (a full reload would ask to sign in again). */
export async function navigate(page: Page, url: string) {
  await page.evaluate(target => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, url);
}

/** The demo tenants as the platform's tenant registry (the demo primary) lists them. */
export async function registryTenants(): Promise<string[]> {
  const client = new Client(registryConnection());
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT name FROM tenants ORDER BY name',
    );
    return rows.map(r => r.name);
  } finally {
    await client.end();
  }
}

/**
 * Opens the fleet page until it shows `count` evaluated entities: the posture evaluator runs on
 * a schedule (first run 45 s after start), so the page is reopened until every tenant is in.
 */
export async function openEvaluatedFleet(page: Page, count: number) {
  await expect(async () => {
    await navigate(page, '/');
    await navigate(page, '/disaster-recovery');
    await expect(page.getByText('Fleet posture')).toBeVisible();
    await expect(page.getByText(`${count} entities evaluated`)).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
}

/** The entity picker of the recovery templates that act on a database or one tenant. */
export const DATABASE_OR_TENANT = /Database or tenant/;

/** The demo database Resource's DR tab. */
export const DEMO_DATABASE_DR_TAB =
  '/catalog/default/resource/ecommerce-primary/disaster-recovery';

/** Opens the demo database's DR tab (a fresh load of its cards). */
export async function openDemoDatabaseDrTab(page: Page) {
  await navigate(page, '/');
  await navigate(page, DEMO_DATABASE_DR_TAB);
}

/** The DR tab's "Database topology" card. */
export function topologyCard(page: Page): Locator {
  return page.locator('.MuiCard-root').filter({ hasText: 'Database topology' });
}

/** The summary line of the newest run on the DR tab whose text starts with `status` and `title`. */
export function recoveryRunSummary(
  page: Page,
  status: string,
  title: string,
): Locator {
  return page
    .locator('.MuiAccordionSummary-root')
    .filter({ hasText: new RegExp(`^${status}\\s*${title}`) })
    .first();
}

/** Chooses the demo database in a template's entity picker (labelled `field`). */
export async function chooseDemoDatabase(
  page: Page,
  field: RegExp = /^Database/,
) {
  const entity = page.getByRole('textbox', { name: field });
  await entity.click();
  await entity.fill('E-commerce primary');
  await page
    .getByRole('option', { name: /E-commerce primary/ })
    .first()
    .click({ timeout: 10_000 });
}

/** Opens an entity's disaster-recovery tab (through the home page: client-side navigation). */
export async function openDrTab(page: Page, name: string, kind = 'resource') {
  await navigate(page, '/');
  await navigate(page, `/catalog/default/${kind}/${name}/disaster-recovery`);
}

/**
 * Opens a template, chooses the demo database on its first form page, ticks the checkboxes of
 * each form page (`checkboxes[i]` on page i, with "Next" between pages; one entry per page of a
 * template with several), and creates it.
 */
export async function runDemoDatabaseTemplate(
  page: Page,
  name: string,
  checkboxes: string[][] = [],
) {
  await navigate(page, '/');
  await navigate(page, `/create/templates/default/${name}`);
  await chooseDemoDatabase(page);
  for (const [index, labels] of checkboxes.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Next' }).click();
    for (const label of labels) {
      await page.getByRole('checkbox', { name: label }).check();
    }
  }
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
}

/**
 * Takes the demo's configured primary down the way an outage does: an immediate stop of its
 * PostgreSQL server (no shutdown checkpoint, clients cut off), as the OS user the demo runs its
 * servers as. Throws when that server is not the current primary.
 */
export async function crashDemoPrimary() {
  const client = new Client(registryConnection());
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pg_is_in_recovery() AS r');
    if (rows[0].r) {
      throw new Error(
        'the configured demo primary is in recovery: an earlier test left the roles swapped',
      );
    }
  } finally {
    await client.end();
  }
  const env = process.env;
  const pgCtl = path.join(env.DR_DEMO_PG_BIN_DIR!, 'pg_ctl');
  const stop = [pgCtl, 'stop', '-D', env.DR_DEMO_PRIMARY_DATA_DIR!];
  const argv =
    process.getuid?.() === 0
      ? ['runuser', '-u', env.DR_DEMO_OS_USER!, '--', ...stop]
      : stop;
  execFileSync(argv[0], [...argv.slice(1), '-m', 'immediate', '-w'], {
    stdio: 'pipe',
    timeout: 60_000,
  });
}
