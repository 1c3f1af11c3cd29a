import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts,
  crashDemoPrimary,
  openDemoDatabaseDrTab,
  recoveryRunSummary,
  runDemoDatabaseTemplate,
  signInAsGuest,
  topologyCard,
} from './helpers';

// Runs last (files run in name order with one worker): it takes the demo primary down. It ends
// with a reprotect and failback, so the demo has its original roles and a streaming standby
// again; a failure half-way leaves the demo without its primary for any test after it.

const UNREACHABLE = 'old-primary-unreachable';

// When it fails, the server logs of the demo pair say why (a reprotect that does not stream).
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const dir of [
    process.env.DR_DEMO_PRIMARY_DATA_DIR,
    process.env.DR_DEMO_STANDBY_DATA_DIR,
  ]) {
    const log = dir && path.join(path.dirname(dir), 'postgres.log');
    if (log && fs.existsSync(log)) {
      await testInfo.attach(path.basename(path.dirname(dir)), {
        path: log,
        contentType: 'text/plain',
      });
    }
  }
});

test('fail the demo database over after its primary went down, then reprotect and fail back', async ({
  page,
}) => {
  // a cold portal (this test alone) takes two minutes to load its first pages
  test.setTimeout(480_000);
  await signInAsGuest(page);
  await openDemoDatabaseDrTab(page);
  await expect(topologyCard(page)).toContainText(
    /Primary\s*[\w.-]+:\d+ \(configured primary\)/,
  );

  // 1. The outage: the primary's PostgreSQL server stops at once, no shutdown checkpoint.
  await crashDemoPrimary();

  // 2. Without accepting that the old primary cannot be fenced, the run is refused: the
  //    preflight step runs first and the failover step names the risk to accept.
  await runDemoDatabaseTemplate(page, 'failover-database', [[], []]);
  await expect(
    page
      .getByText(
        new RegExp(
          `refused by its preflight: old-primary-reachable: .*accept risk "${UNREACHABLE}"`,
        ),
      )
      .first(),
  ).toBeVisible({ timeout: 90_000 });

  // 3. Accepting it, the standby is promoted and traffic repointed; the risk is recorded.
  await runDemoDatabaseTemplate(page, 'failover-database', [[], [UNREACHABLE]]);
  const output = page.getByTestId('text-output-box');
  await expect(
    output.getByText(/is the primary now \(timeline \d+ -> \d+\)/),
  ).toBeVisible({ timeout: 120_000 });
  const rto = output.getByText(/Achieved RTO: \d+(\.\d+)? s/);
  const loss = output.getByText(
    /Data-loss window: \d+ s \(last replayed commit /,
  );
  await expect(rto).toBeVisible();
  await expect(loss).toBeVisible();
  await expect(
    output.getByText(`Accepted risks: ${UNREACHABLE}`),
  ).toBeVisible();
  // the figures of this run, in the report (and the test's output)
  const figures = `${await rto.innerText()}; ${await loss.innerText()}`;
  test.info().annotations.push({ type: 'failover', description: figures });
  process.stdout.write(`failover recorded: ${figures}\n`);
  await page.screenshot({
    path: path.join(artifacts, 'failover-done.png'),
    fullPage: true,
  });

  // 4. The DR tab: the refused and the succeeded run, and no standby until a reprotect.
  await openDemoDatabaseDrTab(page);
  await expect(
    recoveryRunSummary(page, 'succeeded', 'failover on demo'),
  ).toContainText(/achieved RTO \d+s.* · data loss \d+[smh]/);
  await expect(
    recoveryRunSummary(page, 'failed', 'failover on demo'),
  ).toBeVisible();
  await expect(topologyCard(page)).toContainText(
    /Primary\s*[\w.-]+:\d+ \(configured standby\)\s*Standby\s*No standby — reprotect needed/,
  );
  await expect(topologyCard(page)).toContainText(/by failover run /);
  await page.screenshot({
    path: path.join(artifacts, 'failover-dr-tab.png'),
    fullPage: true,
  });

  // 5. Reprotect the crashed old primary (rewound, it streams from the new one), then fail back.
  await runDemoDatabaseTemplate(page, 'reprotect-failback', [
    ['Fail back afterwards'],
  ]);
  await expect(
    page.getByText(/is the primary again \(achieved RTO/),
  ).toBeVisible({ timeout: 200_000 });

  await openDemoDatabaseDrTab(page);
  await expect(
    recoveryRunSummary(page, 'succeeded', 'reprotect on demo'),
  ).toBeVisible();
  await expect(topologyCard(page)).toContainText(
    /Primary\s*[\w.-]+:\d+ \(configured primary\)\s*Standby\s*[\w.-]+:\d+ \(configured standby\)\s*Streaming/,
  );
});
