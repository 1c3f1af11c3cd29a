import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { artifacts, navigate, registryTenants, signInAsGuest } from './helpers';

// The demo indexes the catalog for search shortly after start and every 2 minutes
// (app-config.demo.yaml): a tenant the provider ingested after the first collation is found
// within minutes, not after the default 10-minute cadence.
test('search finds a demo tenant by name', async ({ page }) => {
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);
  const tenants = await registryTenants();
  const name = tenants[tenants.length - 1];

  const result = page.getByRole('link', { name, exact: true });
  await expect(async () => {
    await navigate(page, '/');
    await navigate(page, `/search?query=${encodeURIComponent(name)}`);
    await expect(result.first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  await page.screenshot({
    path: path.join(artifacts, 'search-tenant.png'),
    fullPage: true,
  });

  await result.first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/resource\//);
});
