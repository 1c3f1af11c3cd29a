import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts,
  chooseDemoDatabase,
  navigate,
  openDrTab,
  openEvaluatedFleet,
  registryTenants,
  signInAsGuest,
} from './helpers';

test('an isolated test failover drill runs from its template, its report shows on the DR tab and the fleet counts it on the calendar', async ({
  page,
}) => {
  test.setTimeout(480_000);
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);

  await navigate(page, '/create/templates/default/drill-isolated-failover');
  await expect(
    page.getByText('Run an isolated test failover drill').first(),
  ).toBeVisible();
  await chooseDemoDatabase(page);
  // the scenario defaults to the data center outage
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // the throwaway copy is built, promoted, checked and removed: the task ends with its report
  const evidence = page.getByRole('link', {
    name: /Recovery run \(evidence\)/,
  });
  await expect(evidence).toBeVisible({ timeout: 300_000 });
  const runId = decodeURIComponent(
    new URL((await evidence.getAttribute('href'))!, page.url()).pathname
      .split('/')
      .pop()!,
  );
  await expect(
    page.getByRole('heading', {
      name: 'DR test report: Isolated test failover – Data center outage',
    }),
  ).toBeVisible();
  await expect(
    page.getByRole('row', { name: /^Result (PASS|FAIL)$/ }),
  ).toBeVisible();

  // the DR tab of the database shows the report: target against achieved per objective
  await openDrTab(page, 'ecommerce-primary');
  const reports = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'DR drill reports' });
  await expect(
    reports.getByText('Isolated test failover: Data center outage').first(),
  ).toBeVisible({ timeout: 60_000 });
  const results = reports.getByRole('table', {
    name: `Results of the drill ${runId}`,
  });
  await expect(results).toBeVisible();
  await expect(results.getByRole('row')).not.toHaveCount(1);
  await expect(
    reports.getByRole('button', {
      name: `Download the report of the drill ${runId} as Markdown`,
    }),
  ).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'drill-report.png'),
    fullPage: true,
  });

  // the fleet page counts the database's tenants as drilled for that scenario
  const tenants = await registryTenants();
  await openEvaluatedFleet(page, tenants.length);
  const calendar = page.getByRole('table', {
    name: 'Drills against the calendar',
  });
  const row = calendar
    .getByRole('row')
    .filter({ hasText: 'Data center outage' });
  const current = row.getByRole('button', {
    name: /^Show the \d+ (entity|entities) whose Data center outage drill is current$/,
  });
  await expect(async () => {
    await navigate(page, '/');
    await navigate(page, '/disaster-recovery');
    await expect(current).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000, intervals: [5_000] });
  // its newest drill is the one just run, not "never"
  await expect(row).toContainText(/ago$/);
  const count = Number(
    (await current.getAttribute('aria-label'))!.match(/Show the (\d+)/)![1],
  );
  expect(count).toBeGreaterThan(0);

  // the count filters the fleet table to those entities
  await current.click();
  const table = page.getByRole('region', { name: 'Fleet table' });
  await expect(
    table.getByText('Drill: Data center outage current'),
  ).toBeVisible();
  await expect(
    table.getByText(new RegExp(`^1-${Math.min(25, count)} of ${count}$`)),
  ).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'fleet-drill-calendar.png'),
    fullPage: true,
  });
});
