import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifacts,
  chooseDemoDatabase,
  DATABASE_OR_TENANT,
  navigate,
  openDrTab,
  signInAsGuest,
} from './helpers';

/** `2026-12-03 14:05:09 UTC` (as the picker prints it) as a `datetime-local` value in UTC. */
function inputValue(shown: string): string {
  const value = shown.replace(' UTC', '').replace(' ', 'T');
  // Chromium drops zero seconds from a datetime-local value
  return value.endsWith(':00') ? value.slice(0, -3) : value;
}

test('the PITR form shows the recoverable window and refuses a time outside it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);
  await navigate(page, '/create/templates/default/restore-database');
  await expect(
    page.getByText('Restore a tenant database').first(),
  ).toBeVisible();
  await chooseDemoDatabase(page, DATABASE_OR_TENANT);
  await page.getByRole('button', { name: /Restore from/ }).click();
  await page.getByRole('option', { name: /A point in time/ }).click();

  // The window read from pgBackRest is shown under the field.
  const window = page.getByText(
    /Recoverable to any second from (\S+ \S+ UTC) to (\S+ \S+ UTC)/,
  );
  await expect(window).toBeVisible();
  const [, earliest, latest] = (await window.textContent())!.match(
    /from (\S+ \S+ UTC) to (\S+ \S+ UTC)/,
  )!;
  expect(earliest < latest).toBe(true);

  // A time before the window is marked at once and refused on submit.
  const time = page.getByTestId('dr-point-in-time');
  await time.fill('2001-01-01T00:00:01');
  const refusal = page.getByText(
    /targetTime 2001-01-01T00:00:01.000Z is outside the PITR window \S+ \.\. \S+ of target/,
  );
  await expect(refusal.first()).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(refusal.first()).toBeVisible();
  await expect(page.getByText('Cut over to the restored copy')).toHaveCount(0);
  await page.screenshot({
    path: path.join(artifacts, 'pitr-window-refused.png'),
    fullPage: true,
  });

  // The latest restorable moment is accepted: the form goes on to the next step.
  await time.fill(inputValue(latest));
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Cut over to the restored copy')).toBeVisible();
});

test('the evidence link of a run opens a portal page, from the template and from the DR tab', async ({
  page,
}) => {
  test.setTimeout(300_000);
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);

  // Verify a backup (quick) through the template; the indexer may still be listing the
  // start-up backup, so reopen the form until the picker offers it.
  const options = page.getByRole('listbox').getByRole('option');
  await expect(async () => {
    await page.keyboard.press('Escape');
    await navigate(page, '/');
    await navigate(page, '/create/templates/default/verify-backup');
    await chooseDemoDatabase(page, DATABASE_OR_TENANT);
    await page
      .getByRole('button', { name: 'Backup', exact: true })
      .click({ timeout: 10_000 });
    await expect(options.nth(1)).toContainText(/(KiB|MiB), /, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await options.nth(1).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const evidence = page.getByRole('link', {
    name: /Recovery run \(evidence\)/,
  });
  await expect(evidence).toBeVisible({ timeout: 120_000 });
  const href = (await evidence.getAttribute('href'))!;
  const url = new URL(href, page.url());
  // the portal's page, not the backend's API (which a browser cannot open)
  expect(url.origin).toBe(new URL(page.url()).origin);
  expect(url.pathname).toMatch(/^\/disaster-recovery\/runs\/[^/]+$/);
  const runId = decodeURIComponent(url.pathname.split('/').pop()!);

  await navigate(page, url.pathname);
  await expect(page.getByText(`Recovery run ${runId}`)).toBeVisible();
  await expect(
    page.getByText(/^test: counts for verification checks/),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: `Steps of run ${runId}` }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'Audit trail' })).toContainText(
    'recovery-operation requested',
  );
  await page.screenshot({
    path: path.join(artifacts, 'run-evidence.png'),
    fullPage: true,
  });

  // The DR tab links each run to the same kind of page.
  await openDrTab(page, 'ecommerce-primary');
  const runs = page
    .getByText('Recent recovery runs')
    .locator('xpath=ancestor::*[contains(@class, "MuiCard-root")][1]');
  await runs.getByRole('button').first().click();
  const link = runs.getByRole('link', { name: /^Evidence of run / });
  await expect(link.first()).toBeVisible();
  const linked = (await link.first().textContent())!.replace(
    'Evidence of run ',
    '',
  );
  await link.first().click();
  await expect(page.getByText(`Recovery run ${linked}`)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(
    `/disaster-recovery/runs/${encodeURIComponent(linked)}`,
  );
});
