import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts,
  chooseDemoDatabase,
  navigate,
  openDrTab,
  signInAsGuest,
} from './helpers';

test('an isolated test failover drill runs from its template, its report shows on the DR tab', async ({
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
});
