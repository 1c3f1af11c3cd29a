import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  artifacts,
  chooseDemoDatabase,
  navigate,
  signInAsGuest,
} from './helpers';

// Runs last (files run in name order with one worker): it switches the demo database over to its
// standby and back, so every other test sees the original roles.

/** Opens a template, chooses the demo database, ticks `checkboxes`, and creates it. */
async function runTemplate(page: Page, name: string, checkboxes: string[]) {
  await navigate(page, '/');
  await navigate(page, `/create/templates/default/${name}`);
  await chooseDemoDatabase(page, /^Database/); // a failover template's picker
  for (const label of checkboxes) {
    await page.getByRole('checkbox', { name: label }).check();
  }
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
}

test('switch the demo database over to its standby, then reprotect and fail back', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);

  // 1. Switchover: the preflight passes, the standby is promoted behind PgBouncer.
  await runTemplate(page, 'switchover-database', []);
  const switched = page.getByText(/is the primary now \(timeline \d+ -> \d+\)/);
  await expect(switched).toBeVisible({ timeout: 150_000 });
  await expect(page.getByText(/Achieved RTO: \d+(\.\d+)? s/)).toBeVisible();
  await expect(page.getByText('Data-loss window: 0 s')).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'switchover-done.png'),
    fullPage: true,
  });

  // 2. The database's DR tab lists the switchover run.
  await navigate(page, '/');
  await navigate(
    page,
    '/catalog/default/resource/ecommerce-primary/disaster-recovery',
  );
  await expect(page.getByText(/^switchover on demo/).first()).toBeVisible();

  // 3. Reprotect the old primary and fail back: the original roles return.
  await runTemplate(page, 'reprotect-failback', ['Fail back afterwards']);
  await expect(
    page.getByText(/is the primary again \(achieved RTO/),
  ).toBeVisible({
    timeout: 200_000,
  });
  await page.screenshot({
    path: path.join(artifacts, 'failback-done.png'),
    fullPage: true,
  });

  await navigate(page, '/');
  await navigate(
    page,
    '/catalog/default/resource/ecommerce-primary/disaster-recovery',
  );
  await expect(page.getByText(/^reprotect on demo/).first()).toBeVisible();
});
