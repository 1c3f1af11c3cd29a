import { expect, test } from '@playwright/test';
import path from 'node:path';
import {
  artifacts,
  openDemoDatabaseDrTab,
  runDemoDatabaseTemplate,
  signInAsGuest,
  topologyCard,
} from './helpers';

// Runs after the tests that read the demo (files run in name order with one worker) and before
// unplanned-failover.test.ts: it switches the demo database over to its standby and back, so the
// tests after it find the original roles and a streaming standby again.

test('switch the demo database over to its standby, then reprotect and fail back', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);

  // 1. Switchover: the preflight passes, the standby is promoted behind PgBouncer.
  await runDemoDatabaseTemplate(page, 'switchover-database');
  const switched = page.getByText(/is the primary now \(timeline \d+ -> \d+\)/);
  await expect(switched).toBeVisible({ timeout: 150_000 });
  await expect(page.getByText(/Achieved RTO: \d+(\.\d+)? s/)).toBeVisible();
  await expect(page.getByText('Data-loss window: 0 s')).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'switchover-done.png'),
    fullPage: true,
  });

  // 2. The database's DR tab lists the switchover run and shows the roles swapped.
  await openDemoDatabaseDrTab(page);
  await expect(page.getByText(/^switchover on demo/).first()).toBeVisible();
  await expect(topologyCard(page)).toContainText(
    /Primary\s*[\w.-]+:\d+ \(configured standby\)\s*Standby\s*No standby — reprotect needed/,
  );
  await expect(topologyCard(page)).toContainText(/by switchover run /);

  // 3. Reprotect the old primary and fail back: the original roles return, the standby streams.
  await runDemoDatabaseTemplate(page, 'reprotect-failback', [
    ['Fail back afterwards'],
  ]);
  await expect(
    page.getByText(/is the primary again \(achieved RTO/),
  ).toBeVisible({
    timeout: 200_000,
  });
  await page.screenshot({
    path: path.join(artifacts, 'failback-done.png'),
    fullPage: true,
  });

  await openDemoDatabaseDrTab(page);
  await expect(page.getByText(/^reprotect on demo/).first()).toBeVisible();
  await expect(topologyCard(page)).toContainText(
    /Primary\s*[\w.-]+:\d+ \(configured primary\)\s*Standby\s*[\w.-]+:\d+ \(configured standby\)\s*Streaming/,
  );
  await expect(topologyCard(page)).toContainText(/by reprotect run /);
});
