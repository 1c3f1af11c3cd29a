import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { artifacts, firstTenantSlug, navigate, signInAsGuest } from './helpers';

test('declares an incident at the desk, assigns a response role, sees its timer and the banner on the tenant, resolves it, adds an action item and downloads the review', async ({
  page,
}) => {
  test.setTimeout(300_000);
  fs.mkdirSync(artifacts, { recursive: true });
  await signInAsGuest(page);
  const slug = await firstTenantSlug();

  // The tenant is in the catalog once the tenant provider has run.
  await navigate(page, '/disaster-recovery/incidents');
  await expect(page.getByText('Declare an incident')).toBeVisible({
    timeout: 30_000,
  });
  await page.getByLabel('Title').fill('Checkout unavailable');
  await page
    .getByLabel('Impact', { exact: true })
    .fill('No orders for the tenant');
  await page.getByLabel('Affected tenants').fill(slug);
  // The severity is suggested from the impact level and the tenant's tier; the declarer confirms.
  await expect(page.getByText(/^Suggested SEV-\d: impact high/)).toBeVisible({
    timeout: 30_000,
  });
  const declare = page.getByRole('button', { name: /^Declare SEV-\d$/ });
  await expect(declare).toBeEnabled();
  await declare.click();

  // The open incident with its live escalation timer (the demo runs escalation 15 times faster).
  const timer = page.getByTestId(/^escalation-timer-INC-\d{4}-\d{3,}$/);
  await expect(timer).toBeVisible({ timeout: 30_000 });
  const testId = await timer.getAttribute('data-testid');
  const id = testId!.replace('escalation-timer-', '');
  await expect(timer).toContainText('Open for');
  await expect(timer).toContainText('escalation clock');
  await expect(timer).toContainText(/Next escalation: step \d/);
  // and the plan's initial communication, rendered with its data
  await expect(
    page.getByLabel('Rendered initial communication').first(),
  ).toContainText(`**Incident ID**: ${id}`);

  // Assign the technical lead to a group of the catalog.
  await page.getByLabel(`Role to assign in ${id}`).click();
  await page.getByRole('option', { name: 'Technical lead' }).click();
  await page
    .getByLabel(`Assignee of the role in ${id}`, { exact: true })
    .fill('group:default/technical-leads');
  // exact: the role select's name ("Role to assign in …") contains "assign" too
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByText('Technical lead:').first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    page.getByText('group:default/technical-leads').first(),
  ).toBeVisible();
  await page.screenshot({
    path: path.join(artifacts, 'incident-desk.png'),
    fullPage: true,
  });

  // The banner on the affected tenant's DR tab (its posture is evaluated on a schedule).
  await expect(async () => {
    await navigate(page, '/');
    await navigate(page, `/catalog/default/resource/${slug}/disaster-recovery`);
    await expect(
      page.getByRole('alert', { name: `Open incident ${id}` }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await page.screenshot({
    path: path.join(artifacts, 'incident-banner.png'),
    fullPage: true,
  });

  // Resolve it at the desk.
  await navigate(page, '/');
  await navigate(page, '/disaster-recovery/incidents');
  await page
    .getByLabel(`Root cause of ${id}`)
    .fill('Connection pool exhausted');
  await page.getByRole('button', { name: 'Resolve' }).first().click();
  const closed = page.getByRole('table', { name: 'Closed incidents' });
  await expect(closed.getByText(id)).toBeVisible({ timeout: 30_000 });

  // An action item with its owner on the review.
  await closed.getByRole('button', { name: `Action items of ${id}` }).click();
  await page
    .getByLabel(`New action item of ${id}`, { exact: true })
    .fill('Alert before the connection pool is exhausted');
  await page
    .getByLabel(`Owner of the new action item of ${id}`, { exact: true })
    .fill('user:default/jane.doe');
  await page
    .getByRole('button', { name: 'Add action item', exact: true })
    .click();
  await expect(
    page
      .getByRole('list', { name: `Action items of ${id}` })
      .getByText('Alert before the connection pool is exhausted'),
  ).toBeVisible({ timeout: 30_000 });

  // The post-incident review as Markdown.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('button', {
        name: `Download the review of ${id} as Markdown`,
      })
      .click(),
  ]);
  expect(download.suggestedFilename()).toBe(`post-incident-review-${id}.md`);
  const markdown = fs.readFileSync((await download.path())!, 'utf8');
  expect(markdown).toContain(
    `# Post-incident review: ${id} – Checkout unavailable`,
  );
  expect(markdown).toContain('| Root cause | Connection pool exhausted |');
  expect(markdown).toContain('## Timeline');
  expect(markdown).toContain('## Action items');
  expect(markdown).toContain(
    'Alert before the connection pool is exhausted (owner: user:default/jane.doe)',
  );
  expect(markdown).toContain('technical-lead: group:default/technical-leads');
});
