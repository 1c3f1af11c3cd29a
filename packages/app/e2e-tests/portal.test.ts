import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts,
  chooseDemoDatabase,
  DATABASE_OR_TENANT,
  firstTenantSlug,
  navigate,
  openEvaluatedFleet,
  registryTenants,
  signInAsGuest,
} from './helpers';

test('home page loads and the catalog lists the demo tenants', async ({
  page,
}) => {
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'home.png'),
    fullPage: true,
  });

  await navigate(
    page,
    '/catalog?filters%5Bkind%5D=resource&filters%5Btype%5D=tenant',
  );
  const table = page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: 'Name' }) });
  await expect(table).toBeVisible();
  // The tenant entity provider ingests the demo tenants from the platform's tenant registry:
  // wait until the first ones are listed in the catalog table.
  const tenants = await registryTenants();
  expect(tenants.length).toBeGreaterThan(5);
  // The tenant entity provider ingests the registry on a schedule: wait for the first tenant.
  await page.getByPlaceholder('Search').fill(tenants[0]);
  await expect(table.getByText(tenants[0], { exact: true })).toBeVisible({
    timeout: 90_000,
  });
  await page.getByPlaceholder('Search').fill('');
  await expect(
    page.getByText(`All tenant Resources (${tenants.length})`),
  ).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'catalog-tenants.png'),
    fullPage: true,
  });
});

test('the fleet page shows the posture of every demo tenant', async ({
  page,
}) => {
  test.setTimeout(240_000);
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);
  const tenants = await registryTenants();
  await openEvaluatedFleet(page, tenants.length);
  await page.screenshot({ path: path.join(artifacts, 'fleet-posture.png') });
});

test('a tenant page shows its disaster-recovery tab with measured checks', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  const slug = await firstTenantSlug();
  await expect(async () => {
    await navigate(page, '/');
    await navigate(page, `/catalog/default/resource/${slug}/disaster-recovery`);
    // Targets next to measured reality: the RPO check with its reason and the objectives.
    await expect(
      page.getByText('Recovery point objective').first(),
    ).toBeVisible({
      timeout: 10_000,
    });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await expect(page.getByText('Backups').first()).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'tenant-dr-tab.png'),
    fullPage: true,
  });
});

test("a recovery template offers the chosen database's backups in its backup picker", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  const options = page.getByRole('listbox').getByRole('option');
  const picker = page.getByRole('button', { name: 'Backup', exact: true });
  // The backups are indexed from the object store on a schedule: reopen the template until the
  // demo platform's start-up backup is offered.
  await expect(async () => {
    await page.keyboard.press('Escape');
    await navigate(page, '/');
    await navigate(page, '/create/templates/default/verify-backup');
    // Before a database is chosen, the picker asks for it.
    await expect(
      page.getByText('Choose the database or tenant first.'),
    ).toBeVisible({ timeout: 10_000 });
    await chooseDemoDatabase(page, DATABASE_OR_TENANT);
    await picker.click({ timeout: 10_000 });
    await expect(options.first()).toHaveText('Newest by time', {
      timeout: 5_000,
    });
    // the real backup, with its size and verification state
    await expect(options.nth(1)).toContainText(/(KiB|MiB), /, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await page.screenshot({
    path: path.join(artifacts, 'template-backup-picker.png'),
    fullPage: true,
  });
  await options.nth(1).click();
  await expect(picker).not.toHaveText('Newest by time');
});

test('restore the demo database from a template, see the copy on its DR tab, then discard it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);

  // 1. Restore into a new database (no cut-over) through the scaffolder.
  await navigate(page, '/create/templates/default/restore-database');
  await expect(
    page.getByText('Restore a tenant database').first(),
  ).toBeVisible();
  await chooseDemoDatabase(page, DATABASE_OR_TENANT);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const restored = page.getByText(
    /Restored into database `?ecommerce_restore_\d{14}_[0-9a-f]{4}/,
  );
  await expect(restored).toBeVisible({ timeout: 120_000 });
  const copyName = (await restored.textContent())!.match(
    /ecommerce_restore_\d{14}_[0-9a-f]{4}/,
  )![0];

  // 2. The entity's DR tab lists the restored copy.
  await navigate(page, '/');
  await navigate(
    page,
    '/catalog/default/resource/ecommerce-primary/disaster-recovery',
  );
  await expect(page.getByText(/Restored copies \(\d+\)/)).toBeVisible();
  await expect(page.getByText(copyName).first()).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'restored-copies.png'),
    fullPage: true,
  });

  // 3. Discard it with the template, choosing it in the restored-copy picker.
  await navigate(page, '/');
  await navigate(page, '/create/templates/default/discard-restored-copy');
  await expect(page.getByText('Discard a restored copy').first()).toBeVisible();
  await chooseDemoDatabase(page, DATABASE_OR_TENANT);
  await page
    .getByRole('button', { name: 'Restored copy', exact: true })
    .click();
  await page
    .getByRole('option', {
      name: new RegExp(`^${copyName}: restored database`),
    })
    .click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(
    page.getByText(new RegExp(`${copyName}\`? \\(restore\\) was dropped`)),
  ).toBeVisible({ timeout: 120_000 });

  // 4. The copy is gone from the DR tab; the live database is still there.
  await navigate(page, '/');
  await navigate(
    page,
    '/catalog/default/resource/ecommerce-primary/disaster-recovery',
  );
  await expect(
    page.getByText('Recovery point objective').first(),
  ).toBeVisible();
  await expect(page.getByText(copyName)).toHaveCount(0);
});
