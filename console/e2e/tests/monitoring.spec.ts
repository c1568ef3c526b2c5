// Monitoring, as a support admin: the dashboard and the live session list move when a learner's browser sends a
// heartbeat (no reload), a session's timeline, an error group resolved, the health, alerts and KPI screens; axe clean.
// The console's own session (it uses the SDK) shows in the list marked staff.
import type { Page } from '@playwright/test';
import { Api, unique } from '../support/api.js';
import { expect, expectNoSeriousViolations, test } from '../support/fixtures.js';
import { screenReady } from '../support/ui.js';

const LIVE = { timeout: 10_000 }; // a pulse is at most 5 s after the telemetry

function tab(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Monitoring screens' }).getByRole('link', { name, exact: true });
}

async function ready(page: Page, heading: string | RegExp, name: string): Promise<void> {
  await screenReady(page, heading);
  await expectNoSeriousViolations(page, name, 'light');
}

test('watch learners live, open a session and resolve an error', async ({ page, signIn }) => {
  test.slow(); // one journey over six screens, each checked with axe
  await signIn(page, 'demo_support_admin');
  const learner = await Api.login('demo_learner');
  const me = await learner.get('/api/auth/me');
  const key = `e2e-${unique()}`;
  const at = () => new Date().toISOString();

  await page.goto('/console/monitoring');
  await ready(page, 'Live monitoring', 'monitoring dashboard');
  await expect(page.getByRole('navigation', { name: 'Monitoring screens' })).toBeVisible();

  // learners' sessions only: every journey's console sends its own (staff) telemetry, which would fill the list
  await page.goto('/console/monitoring/sessions?staff=false');
  await ready(page, 'Sessions', 'monitoring sessions');
  await expect(page.getByRole('link', { name: /· demo-\d+-(live|past)$/ }).first()).toBeVisible(); // from the seed

  const tag = unique(); // its own function: a group of its own (grouping is by in-app frames)
  const message = `Cannot read properties of null (reading 'chapter${tag}')`;
  await learner.post('/api/telemetry/', {
    items: [
      { kind: 'device', session_id: key, at: at(), user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0' },
      { kind: 'page_view', session_id: key, at: at(), url: 'https://learn.example.com/courses/9', title: 'Algebra' },
      { kind: 'heartbeat', session_id: key, at: at(), url: 'https://learn.example.com/courses/9', title: 'Algebra', visible: true },
      {
        kind: 'client_error', session_id: key, at: at(), type: 'TypeError', message, url: 'https://learn.example.com/courses/9',
        release: 'web@1.4.0', stack: [{ filename: 'https://learn.example.com/static/app.js', function: `openChapter${tag}`, lineno: 12, in_app: true }],
      },
    ],
  });
  const row = page.getByRole('link', { name: new RegExp(`Learner ${String(me.id)} · ${key}$`) });
  await expect(row).toBeVisible(LIVE); // the pulse refreshed the list: no reload
  await tab(page, 'Dashboard').click();
  await expect(page.getByTestId('online-now')).not.toHaveText(/^(0|…)$/, LIVE);

  await tab(page, 'Sessions').click();
  await row.click();
  await ready(page, /^Session \d+$/, 'monitoring session');
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByText('Algebra')).toBeVisible();
  await expect(page.getByRole('link', { name: "Open the learner's profile" })).toHaveAttribute('href', `/console/learners/${String(me.id)}`);
  await expect(page.getByRole('link', { name: 'Request an impersonation' })).toHaveAttribute('href', new RegExp(`learner=${String(me.id)}`));

  await timeline.getByRole('link', { name: new RegExp(message.slice(-20).replace(/[()']/g, '.')) }).click();
  await ready(page, new RegExp(message.slice(-20).replace(/[()']/g, '.')), 'monitoring error');
  await expect(page.getByRole('heading', { name: 'Stack' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Stack' }).getByText(new RegExp(`openChapter${tag}`))).toBeVisible();
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('group-status')).toHaveText('Resolved');
  await expect(page.getByRole('button', { name: 'Reopen' })).toBeVisible();

  await tab(page, 'Errors').click();
  await ready(page, 'Errors', 'monitoring errors');
  await page.getByRole('tab', { name: 'Resolved', exact: true }).click();
  await expect(page).toHaveURL(/tab=resolved/);
  await expect(page.getByRole('link', { name: new RegExp(message.slice(-20).replace(/[()']/g, '.')) })).toBeVisible();

  await tab(page, 'Alerts').click();
  await ready(page, 'Alerts', 'monitoring alerts');
  const open = page.getByRole('list', { name: 'Alerts' }).getByRole('button', { name: /^Acknowledge alert \d+$/ }).first();
  const label = (await open.getAttribute('aria-label')) ?? '';
  await open.click(); // the seed's detection run left open alerts
  await page.getByRole('radiogroup', { name: 'Alert state' }).getByText('Acknowledged', { exact: true }).click();
  await expect(page).toHaveURL(/state=acknowledged/);
  await expect(page.getByRole('list', { name: 'Alerts' }).getByText(/^Acknowledged by staff #\d+/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: label })).toHaveCount(0);
  await page.getByRole('link', { name: 'Alert rules' }).click();
  await ready(page, 'Alert rules', 'monitoring alert rules');
  await page.getByRole('navigation', { name: 'Rules' }).getByText('users_affected', { exact: true }).click();
  const users = page.getByLabel('users', { exact: true });
  await users.fill('12');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByRole('status')).toHaveText('Rule saved.');
  await users.fill('-1');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await expect(users).toHaveAccessibleDescription(/a number above 0/);
  await tab(page, 'Health').click();
  await ready(page, 'System health', 'monitoring health');
  await expect(page.getByRole('group', { name: 'CPU' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Event-stream connections' })).not.toHaveText(/–$/);
  await expect(page.getByRole('group', { name: 'Availability, last 24 hours' })).toContainText('requests');
  await expect(page.getByRole('group', { name: 'Availability, last 7 days' })).toBeVisible();
  await tab(page, 'KPIs').click();
  await ready(page, /Support KPIs/, 'monitoring KPIs');

  // the console sends its own telemetry (the SDK): this admin's session is listed, marked staff
  const admin = await (await Api.login('demo_support_admin')).get('/api/auth/me');
  await tab(page, 'Sessions').click();
  await page.getByLabel('Whose sessions').selectOption({ label: 'Staff (console)' });
  await expect(page).toHaveURL(/staff=true/);
  const own = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(`^Staff member ${String(admin.id)} · `) }) });
  await expect(own.first().getByText('Staff', { exact: true })).toBeVisible(LIVE);
});
