import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { artifacts, navigate, signInAsGuest } from './helpers';

test('the home page shows live DR numbers, and a User page their DR training', async ({
  page,
}) => {
  test.setTimeout(240_000);
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);

  // numbers from the API, not text: the fleet's counts per status, incidents, drills, training
  for (const id of [
    'home-count-pass',
    'home-count-warn',
    'home-count-fail',
    'home-count-unknown',
    'home-open-incidents',
    'home-drills-overdue',
    'home-training',
  ]) {
    await expect(page.getByTestId(id)).toBeVisible({ timeout: 60_000 });
  }
  await expect(page.getByTestId('home-count-pass')).toHaveText(/^\d+/);
  await page.screenshot({
    path: path.join(artifacts, 'home-live.png'),
    fullPage: true,
  });

  // the guest is jane.doe: her own page says "My DR training"
  await navigate(page, '/catalog/default/user/jane.doe');
  const card = page.getByRole('table', { name: 'My DR training' });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.getByRole('row')).not.toHaveCount(1);
  await page.screenshot({
    path: path.join(artifacts, 'user-training.png'),
    fullPage: true,
  });

  // another person's page says "DR training"
  await navigate(page, '/catalog/default/user/john.smith');
  await expect(page.getByRole('table', { name: 'DR training' })).toBeVisible({
    timeout: 60_000,
  });
});
