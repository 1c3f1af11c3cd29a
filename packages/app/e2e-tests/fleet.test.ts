import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts,
  openEvaluatedFleet,
  registryTenants,
  signInAsGuest,
} from './helpers';

test('a platform-wide finding appears once, with the tenants it affects', async ({
  page,
}) => {
  test.setTimeout(360_000);
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);
  const tenants = await registryTenants();
  await openEvaluatedFleet(page, tenants.length);

  // every demo tenant shares the platform's causes (one region, one database, one vendor)
  const findings = page
    .locator('li')
    .filter({ hasText: `Affects ${tenants.length} entities` });
  await expect(findings.first()).toBeVisible();
  const finding = findings.first();
  const reason = await finding.getByTestId('finding-reason').innerText();
  // shown once: the finding, not repeated in the rows
  await expect(page.getByText(reason, { exact: true })).toHaveCount(1);

  // compact rows: one screen holds 25 of them
  const table = page.getByRole('region', { name: 'Fleet table' });
  const rows = table.getByTestId('fleet-row');
  await expect(rows).toHaveCount(Math.min(25, tenants.length));
  // one line a row, so that 25 rows fit one 1,200-pixel screen (rows were ~220 px tall when
  // squeezed columns stacked names letter by letter)
  const heights = await rows.evaluateAll(trs =>
    trs.map(tr => tr.getBoundingClientRect().height),
  );
  expect(Math.max(...heights)).toBeLessThanOrEqual(1200 / 25);
  await page.screenshot({
    path: path.join(artifacts, 'fleet-triage.png'),
    fullPage: true,
  });

  await finding.getByRole('button', { name: 'Show affected entities' }).click();
  const affected = finding.getByRole('list');
  await expect(affected.getByRole('listitem').first()).toBeVisible();
  await expect(affected.getByRole('listitem')).toHaveCount(
    Math.min(10, tenants.length),
  );

  // a row's checks open on demand
  await table
    .getByRole('button', { name: /^Show checks of / })
    .first()
    .click();
  await expect(table.getByRole('list', { name: 'Checks' })).toBeVisible();
});
