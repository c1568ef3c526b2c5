// Analytics, as a customer-success manager: read engagement, change the range (the URL, the chart and its table
// follow), open a cohort's learners, then filter the at-risk list by band and account status, choose learners and
// hand them to a bulk notify (a link to the bulk wizard that carries the choice).
import { Api, type Json } from '../support/api.js';
import { expect, expectNoSeriousViolations, expectNoSidewaysScroll, test } from '../support/fixtures.js';
import { choose, screenReady } from '../support/ui.js';

type AtRisk = { items: { user_id: number; name: string; email: string; band: string }[] };
const BAND_LABEL: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A band with at least three learners at risk, and one of them suspended (so the status filter has work). */
async function arrange(): Promise<{ band: string; suspended: AtRisk['items'][number] }> {
  const cs = await Api.login('demo_customer_success');
  for (const band of ['medium', 'high', 'low', 'critical']) {
    const found = (await cs.get(`/api/analytics/at-risk?band=${band}&limit=3`)) as unknown as AtRisk;
    if (found.items.length < 3) continue;
    const suspended = found.items[2]!;
    const admin = await Api.login('demo_support_admin');
    const change: Json = { account_status: 'suspended', status_reason: 'Chargeback under review (analytics journey)' };
    await admin.patch(`/api/users/profiles/${suspended.user_id}/`, change);
    return { band, suspended };
  }
  throw new Error('the demo data has no risk band with three learners');
}

test('engagement by range, a cohort’s learners, at-risk learners handed to a bulk notify', async ({ page, signIn }) => {
  test.setTimeout(120_000);
  const { band, suspended } = await arrange();
  await signIn(page, 'demo_customer_success');

  // the nav entry, then engagement
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page).toHaveURL(/\/console\/analytics\/engagement/);
  await screenReady(page, 'Analytics');
  await expect(page.getByTestId('chart-active').locator('canvas')).toBeVisible();
  await expectNoSeriousViolations(page, 'analytics engagement', 'light');

  // a new range: the URL says it, the chart redraws and the table view shows the range's days
  const from = day(-13);
  const asked = page.waitForResponse((r) => r.url().includes('/api/analytics/engagement') && r.url().includes(`from=${from}`));
  await page.getByLabel('From', { exact: true }).fill(from);
  await expect(page).toHaveURL(new RegExp(`[?&]from=${from}`));
  expect((await asked).status()).toBe(200);
  await expect(page.getByTestId('chart-active').locator('canvas')).toBeVisible();
  await page.getByText('Tables', { exact: true }).click();
  await expect(page).toHaveURL(/[?&]view=table/);
  const active = page.getByRole('table', { name: 'Active learners' });
  await expect(active.getByRole('rowheader').first()).toHaveText(from);
  await expect(active.getByRole('rowheader')).toHaveCount(14);
  await expect(page.getByRole('table', { name: /hour × weekday/ }).getByRole('rowheader')).toHaveCount(7);

  // a cohort opens its learners in the learner search
  await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Cohorts' }).click();
  await expect(page).toHaveURL(/\/analytics\/cohorts\?.*view=table/);
  const cohort = page.getByRole('table', { name: 'Retention by cohort' }).getByRole('rowheader').getByRole('link').first();
  const month = (await cohort.textContent())!.trim();
  await cohort.click();
  await expect(page).toHaveURL(new RegExp(`/console/learners\\?joined_after=${month}-01`));
  await screenReady(page, 'Learners');
  await page.goBack();

  // at risk: by band, active accounts only, then with the suspended ones too
  await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'At risk' }).click();
  await screenReady(page, 'Analytics');
  await choose(page, 'Risk band', BAND_LABEL[band]!);
  await expect(page).toHaveURL(new RegExp(`[?&]band=${band}`));
  const rows = page.getByTestId('at-risk-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.filter({ hasText: suspended.email })).toHaveCount(0);
  for (const badge of await rows.getByText(BAND_LABEL[band]!, { exact: false }).all()) await expect(badge).toBeVisible();
  // the field is a row of pills with a narrow text box after them: a press on the row opens the options
  await page.getByRole('textbox', { name: 'Account status' }).click({ force: true });
  await page.getByRole('option', { name: 'Suspended' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]status=/);
  expect(new URL(page.url()).searchParams.get('status')).toBe('["active","suspended"]');
  const shown = rows.filter({ hasText: suspended.email });
  await expect(shown).toHaveCount(1);
  await expect(shown.getByText('Suspended')).toBeVisible();
  await expectNoSeriousViolations(page, 'analytics at-risk', 'light');

  // choose two learners and hand them to a bulk notify
  const first = rows.first();
  await first.getByRole('checkbox').check();
  await shown.getByRole('checkbox').check();
  await expect(page.getByText('2 learners chosen')).toBeVisible();
  const notify = page.getByRole('link', { name: 'Notify 2 learners…' });
  const href = new URL((await notify.getAttribute('href'))!, page.url());
  expect(href.pathname).toBe('/console/bulk/new');
  expect(href.searchParams.get('op')).toBe('notify');
  const ids = href.searchParams.get('ids')!.split(',').map(Number);
  expect(ids).toContain(suspended.user_id);
  expect(ids).toHaveLength(2);
  await notify.click();
  await expect(page).toHaveURL(new RegExp(`/console/bulk/new\\?op=notify.*ids=`));
});

test('the dashboards fit a phone', async ({ page, signIn }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'demo_customer_success');
  for (const screen of ['engagement', 'journeys', 'cohorts', 'at-risk', 'support']) {
    await page.goto(`/console/analytics/${screen}`);
    await screenReady(page, 'Analytics');
    await expect(page.getByText('These figures could not be loaded')).toHaveCount(0);
    await expectNoSidewaysScroll(page, `analytics ${screen} (phone)`);
  }
  await page.goto('/console/analytics/support?view=table');
  await expect(page.getByRole('table', { name: 'By agent' })).toBeVisible();
  await expectNoSeriousViolations(page, 'analytics support (phone)', 'light');
});
