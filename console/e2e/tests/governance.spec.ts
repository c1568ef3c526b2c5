// Governance: an agent asks to act as a learner, a support admin approves it from another browser, the agent sees
// the platform as the learner (the banner says both are recorded) and ends it; the admin reads every request made in
// the session and triages the security event it raised with a note. A compliance officer filters the audit log by
// person (in the URL), downloads a report whose CSV has rows, and dry-runs retention.
import { readFileSync } from 'node:fs';
import { Api, newLearner, newTicket } from '../support/api.js';
import { expect, expectNoSeriousViolations, secondContext, test } from '../support/fixtures.js';
import { enter, screenReady } from '../support/ui.js';

test.describe.configure({ timeout: 150_000 }); // two people, polling between them

test('an impersonation is requested, approved in another browser, used, ended, and its alert triaged', async ({ browser, page, signIn }) => {
  const learner = await newLearner('Ottoline');
  const ticket = await newTicket(learner, `Quiz shows no questions ${learner.lastName}`);
  await signIn(page, 'demo_support_agent');
  await page.goto(`/console/impersonation?learner=${learner.id}&ticket=${ticket.id}`);
  await screenReady(page, 'Impersonation');
  await enter(page.getByRole('textbox', { name: /^Reason/ }), `The quiz on lesson 3 shows no questions for ${learner.lastName}`);
  await page.getByRole('button', { name: 'Request', exact: true }).click();
  const mine = page.getByRole('region', { name: /^#\d+$/ });
  await expect(mine.getByText('awaiting approval')).toBeVisible();
  const id = Number((await mine.getAttribute('aria-label'))!.slice(1));
  await expectNoSeriousViolations(page, 'impersonation request', 'light');

  // A support admin at another desk: the request is in the inbox, its approval window counting down.
  const admin = await secondContext(browser, 'demo_support_admin');
  await admin.page.goto('/console/impersonation?tab=inbox');
  await screenReady(admin.page, 'Impersonation');
  const request = admin.page.getByRole('article', { name: `#${id}` });
  await expect(request.getByText(/^Approval window: \d+:\d\d left$/)).toBeVisible();
  await expectNoSeriousViolations(admin.page, 'impersonation inbox', 'light');
  await request.getByRole('button', { name: 'Approve' }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
  await expect(request).toHaveCount(0);

  // The agent's request turns active: they see the platform as the learner, then end the session.
  await expect(mine.getByText('active', { exact: true })).toBeVisible();
  await expect(mine.getByText(/^Session: \d+:\d\d left$/)).toBeVisible();
  await mine.getByRole('button', { name: `See the platform as ${learner.firstName} ${learner.lastName}` }).click();
  const view = mine.getByRole('region', { name: 'The learner’s view' });
  await expect(view.getByRole('status')).toContainText('Both of you are recorded on every request');
  await expect(view.getByText(`${learner.username}@example.com`, { exact: false })).toBeVisible();
  await expect(view.getByText(ticket.title, { exact: false })).toBeVisible();
  await mine.getByRole('button', { name: 'End session' }).click();
  await expect(mine.getByText('ended', { exact: true })).toBeVisible();

  // The admin reads the session's requests in the history: the learner's view was read with the token.
  await admin.page.goto(`/console/impersonation?tab=history&target=${learner.id}`);
  const done = admin.page.getByRole('article', { name: `#${id}` });
  await done.getByRole('button', { name: `Requests of #${id}` }).click();
  await expect(done.getByRole('table', { name: 'Requests made in this session' })).toContainText('GET /api/auth/me');

  // The session raised a security event about the learner: the admin resolves it with a note.
  await admin.page.goto(`/console/security/events?user=${learner.id}&resolved=false`);
  await screenReady(admin.page, 'Security');
  const alert = admin.page.getByRole('article', { name: /impersonation_started/ });
  await expect(alert).toBeVisible();
  await expectNoSeriousViolations(admin.page, 'security events', 'light');
  await alert.getByRole('checkbox').check();
  await admin.page.getByRole('button', { name: 'Resolve 1 selected event' }).click();
  await enter(admin.page.getByRole('textbox', { name: /^Note/ }), 'Approved support session, ticket attached');
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
  await expect(alert).toHaveCount(0); // resolved: no longer among the open events
  const api = await Api.login('demo_support_admin');
  const events = (await api.get(`/api/security/events/?user=${learner.id}`)).items as { resolved: boolean; resolution_note: string }[];
  expect(events.some((e) => e.resolved && e.resolution_note === 'Approved support session, ticket attached')).toBe(true);
  const session = await api.get(`/api/users/impersonate/${id}`);
  expect(session.status).toBe('ended');
  await admin.context.close();
});

test('a compliance officer filters the audit log and downloads a report', async ({ page, signIn }) => {
  const learner = await newLearner('Leopold');
  await signIn(page, 'demo_compliance_officer');
  await page.goto('/console/compliance');
  await screenReady(page, 'Compliance');
  await expect(page).toHaveURL(/\/console\/compliance\/audit$/);
  await enter(page.getByRole('textbox', { name: 'Person id' }), String(learner.id));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`person=${learner.id}`));
  const entries = page.getByRole('table', { name: 'Audit entries' });
  await expect(entries.getByRole('cell', { name: 'profile.create' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Chain verification' })).toBeVisible();
  await expectNoSeriousViolations(page, 'audit log', 'light');

  await page.getByRole('link', { name: 'Reports' }).click();
  await screenReady(page, 'Compliance');
  await enter(page.getByRole('textbox', { name: 'Person id' }), String(learner.id));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`person=${learner.id}`));
  const access = page.getByRole('table', { name: 'Data access' });
  await expect(access.getByRole('cell', { name: 'profile.create' }).first()).toBeVisible();
  await expect(access.getByRole('columnheader', { name: 'Person e-mail' })).toBeVisible();
  const who = `${learner.firstName} ${learner.lastName} (${learner.username})`;
  await expect(access.getByRole('cell', { name: who }).first()).toBeVisible();
  await expect(access.getByRole('link', { name: `${learner.username}@example.com` }).first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('compliance-data-access.csv');
  const lines = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'seq,at,actor_id,actor,actor_email,impersonator_id,on_behalf_of,person_id,person,person_email,action,via,reason,ticket_id,request_id',
  );
  expect(lines.slice(1).some((l) => l.includes('profile.create') && l.includes(`,${learner.id},${who},`))).toBe(true);
  await expectNoSeriousViolations(page, 'compliance reports', 'light');

  await page.getByRole('link', { name: 'Retention' }).click();
  await page.getByRole('button', { name: 'Dry run now' }).click();
  await expect(page.getByRole('table', { name: 'What a run would remove now' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Runs and dry runs' }).getByRole('cell', { name: 'dry_run' }).first()).toBeVisible();
});
