import { expect, Page } from '@playwright/test';
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

/** Chooses the demo database in a template's entity picker (labelled `label`). */
export async function chooseDemoDatabase(
  page: Page,
  label: RegExp = /Database or tenant/,
) {
  const entity = page.getByRole('textbox', { name: label });
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
