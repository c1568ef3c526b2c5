// Bulk operations, as a platform admin would run them: a 20-row CSV import dry-run first (the counts and the bad
// row's error on screen), then started and watched live to completion, its errors.csv downloaded; a dry run of
// suspending two learners picked in the search, with what would change for each on screen; then a notify to
// everyone an active-learner search finds, over the approval threshold (30 in the e2e server), approved by a second
// admin in another browser while the first watches it start and finish.
import { readFileSync } from 'node:fs';
import { unique } from '../support/api.js';
import { expect, expectNoSeriousViolations, expectNoSidewaysScroll, secondContext, test } from '../support/fixtures.js';
import { enter, screenReady } from '../support/ui.js';

test.describe.configure({ timeout: 180_000 }); // two operations run to the end, two people

function people(tag: string): Buffer {
  const rows = ['username,email,first_name,last_name,platform_role,account_status'];
  for (let i = 1; i <= 20; i++) {
    const email = i === 7 ? 'not-an-email' : `bulk.${tag}.${i}@example.com`;
    rows.push(`bulk_${tag}_${i},${email},Bulk${i},Learner ${tag},learner,active`);
  }
  return Buffer.from(rows.join('\n') + '\n');
}

test('a 20-row import dry-run first, then live to the end; a large notify approved by a second admin', async ({ browser, page, signIn }) => {
  const tag = unique();
  await signIn(page, 'demo_platform_admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Bulk operations' }).click();
  await screenReady(page, 'Bulk operations');
  await page.getByRole('link', { name: 'New operation' }).click();
  await screenReady(page, 'New bulk operation');

  // the import: the file, its mode, a dry run
  await page.getByRole('radio', { name: 'Import' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('link', { name: 'Download the template (CSV)' })).toBeVisible();
  await page.getByText('Valid course codes').click();
  await expect(page.getByRole('list', { name: 'Valid course codes' }).getByRole('listitem').first()).toBeVisible();
  await page.getByLabel('Import file').setInputFiles({ name: `people-${tag}.csv`, mimeType: 'text/csv', buffer: people(tag) });
  await expect(page.getByText(`people-${tag}.csv`)).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Run a dry run' }).click();
  await expect(page.getByRole('heading', { name: /^Dry run #\d+$/ })).toBeVisible();
  await expect(page.getByText('Completed', { exact: true })).toBeVisible();
  await expect(page.getByTestId('bulk-Would succeed')).toHaveText('19');
  await expect(page.getByTestId('bulk-Errors')).toHaveText('1');
  const errors = page.getByRole('table', { name: 'Row errors' });
  await expect(errors.getByRole('row').filter({ hasText: 'invalid_email' })).toContainText('8'); // the header is row 1
  await expectNoSeriousViolations(page, 'bulk dry run', 'light');

  // for real: the operation's page follows it live to the end
  await page.getByRole('button', { name: 'Start the operation' }).click();
  await expect(page).toHaveURL(/\/console\/bulk\/\d+$/);
  await screenReady(page, /^Operation #\d+$/);
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByText('Completed', { exact: true })).toBeVisible();
  await expect(page.getByTestId('bulk-Succeeded')).toHaveText('19');
  await expect(page.getByText('20 / 20')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download errors.csv' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('row,user_id,field,code,message');
  expect(csv).toMatch(/^8,,email,invalid_email,/m);
  await expectNoSeriousViolations(page, 'bulk operation', 'light');

  // a notify to every active learner: more than 30 people, so it waits for a second admin
  await page.goto('/console/learners?status=active');
  await screenReady(page, 'Learners');
  // rows picked in the search hand their ids over in the link
  const results = page.getByRole('table', { name: 'Search results' });
  await results.getByRole('row').nth(1).getByRole('checkbox').check();
  await results.getByRole('row').nth(2).getByRole('checkbox').check();
  await expect(page.getByRole('link', { name: 'Bulk action on selected (2)' })).toHaveAttribute('href', /\/console\/bulk\/new\?ids=\d+(%2C|,)\d+$/);
  // a dry run suspending those two shows what would change: each one's status, before → after
  await page.getByRole('link', { name: 'Bulk action on selected (2)' }).click();
  await screenReady(page, 'New bulk operation');
  await page.getByRole('radio', { name: 'Update status' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'New status' }).click();
  await page.getByRole('option', { name: 'Suspended' }).click();
  await enter(page.getByRole('textbox', { name: /^Reason/ }), `Dry run ${tag}`);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Run a dry run' }).click();
  await expect(page.getByText('Completed', { exact: true })).toBeVisible();
  const changes = page.getByRole('table', { name: 'What would change' });
  await expect(changes.getByRole('row')).toHaveCount(3);
  await expect(changes.getByRole('row').filter({ hasText: 'account_status' }).filter({ hasText: 'active → suspended' })).toHaveCount(2);
  await expectNoSeriousViolations(page, 'bulk dry run changes', 'light');
  await page.goto('/console/learners?status=active');
  await screenReady(page, 'Learners');
  await page.getByRole('link', { name: 'Bulk action on all matching' }).click();
  await screenReady(page, 'New bulk operation');
  await page.getByRole('radio', { name: 'Notify' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/^All \d+ people matching the learner search$/)).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await enter(page.getByRole('textbox', { name: 'Subject' }), `Course news ${tag}`);
  await enter(page.getByRole('textbox', { name: 'Message' }), 'Hello {first_name}, new modules are open.');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Run a dry run' }).click();
  await expect(page.getByText('Completed', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Start the operation' }).click();
  await screenReady(page, /^Operation #\d+$/);
  const id = /\/bulk\/(\d+)$/.exec(page.url())?.[1] ?? '';
  await expect(page.getByText('This operation waits for another admin’s approval.')).toBeVisible();

  const second = await secondContext(browser, 'demo_support_admin');
  await second.page.goto('/console/bulk');
  await screenReady(second.page, 'Bulk operations');
  await expectNoSeriousViolations(second.page, 'bulk approvals', 'light');
  await second.page.getByRole('button', { name: `Approve operation #${id}` }).click();
  await expect(second.page.getByRole('status').filter({ hasText: `Operation #${id} approved` })).toBeVisible();
  await second.context.close();

  // the first admin's page hears of it and follows it to the end
  await expect(page.getByText('Completed', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/approved by user #\d+/)).toBeVisible();

  // the history, filtered by type (in the URL), at phone width
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/console/bulk?type=notify&created_by=x');
  await screenReady(page, 'Bulk operations');
  await page.getByRole('textbox', { name: 'Started by' }).click();
  await page.getByRole('option', { name: 'Me' }).click();
  await expect(page).toHaveURL(/created_by=\d+/);
  await expect(page.getByRole('link', { name: `Operation #${id}` })).toBeVisible();
  await expectNoSidewaysScroll(page, 'bulk history (phone)');
});
