// The support desk: an agent works a ticket to resolved while a second agent, in another browser context, sees the
// agent's avatar on the ticket's queue row, "is typing…" and each change arrive without a reload; a stale edit is
// caught (409) and re-applied; the queue is worked by keyboard alone.
import { Api, newLearner, newTicket } from '../support/api.js';
import { compose, entry, setStatus } from '../support/desk.js';
import { expect, secondContext, test } from '../support/fixtures.js';
import { choose, screenReady } from '../support/ui.js';

test.describe.configure({ timeout: 120_000 }); // two people, several round trips each

test('an agent works a ticket to resolved while a second agent sees each change live', async ({ browser, page, signIn }) => {
  const learner = await newLearner('Percival');
  const ticket = await newTicket(learner, `Certificate shows the wrong name ${learner.lastName}`);
  await signIn(page, 'demo_support_agent');
  const watcher = await secondContext(browser, 'demo_support_admin');
  const admin = await Api.login('demo_support_admin');
  const { team } = await admin.get(`/api/support/tickets/${ticket.id}/`);

  // The queue shows who is viewing each ticket: the agent opens it while the second agent watches the queue.
  await watcher.page.goto(`/console/tickets?q=${encodeURIComponent(learner.lastName)}&team=${String(team)}`);
  await screenReady(watcher.page, 'Tickets');
  const row = watcher.page.getByRole('row').filter({ hasText: ticket.title });
  await expect(row).toBeVisible();
  await page.goto(`/console/tickets/${ticket.id}`);
  await screenReady(page, new RegExp(ticket.title));
  // (the heartbeat repeats every 20 s: one lost while the queue's stream was connecting is sent again)
  await expect(row.getByRole('img', { name: 'Also viewing: demo_support_agent' })).toBeVisible({ timeout: 25_000 });

  await watcher.page.goto(`/console/tickets/${ticket.id}`);
  await screenReady(watcher.page, new RegExp(ticket.title));
  const typing = watcher.page.getByRole('status').filter({ hasText: 'demo_support_agent is typing…' });
  // key by key, as a person types: a signal leaves every 3 s, so one sent before the watcher's stream was open is not
  // the only one
  await page.getByRole('textbox', { name: 'Message' }).pressSequentially('Looking into it for you', { delay: 250 });
  await expect(typing).toBeVisible();

  const note = `Checked the enrolment record ${learner.lastName}`;
  await compose(page, 'Internal note', note);
  await expect(entry(watcher.page, /internal note/i, note)).toBeVisible();

  const reply = `Your certificate is being reissued ${learner.lastName}`;
  await compose(page, 'Reply', reply);
  await expect(entry(watcher.page, /reply/i, reply)).toBeVisible();

  await page.getByRole('button', { name: 'Assign to me' }).click();
  // the assignee field itself, not the presence or typing lines that also name the agent
  await expect(watcher.page.getByRole('textbox', { name: 'Assignee', exact: true })).toHaveValue(/^demo_support_agent\b/);

  await setStatus(page, 'Resolved');
  await expect(watcher.page.getByRole('textbox', { name: 'Status', exact: true })).toHaveValue('Resolved'); // arrived without a reload

  await expect(typing).toHaveCount(0); // nobody typed for over 6 s: the signal lapsed
  const final = await admin.get(`/api/support/tickets/${ticket.id}/`);
  expect(final.status).toBe('resolved');
  expect((final.assigned_to as { username: string } | null)?.username).toBe('demo_support_agent');
  await watcher.context.close();
});

test('a stale edit is caught and re-applied', async ({ page, signIn }) => {
  const learner = await newLearner('Rosalind');
  const ticket = await newTicket(learner, `Video lessons stutter ${learner.lastName}`);
  await signIn(page, 'demo_support_agent');
  await page.goto(`/console/tickets/${ticket.id}`);
  await screenReady(page, new RegExp(ticket.title));
  // Another agent's change lands between this tab's last read and its edit: it happens as the edit leaves.
  const other = await Api.login('demo_support_admin');
  let raced = false;
  await page.route(`**/api/support/tickets/${ticket.id}/`, async (route) => {
    if (route.request().method() === 'PATCH' && !raced) {
      raced = true;
      await other.patch(`/api/support/tickets/${ticket.id}/`, { version: ticket.version, tags: ['billing'] });
    }
    await route.continue();
  });
  await choose(page, 'Priority', 'Urgent', false);
  const conflict = page.getByRole('alert').filter({ hasText: 'Someone changed this while you were editing' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByText('billing')).toBeVisible(); // what changed meanwhile
  await conflict.getByRole('button', { name: 'Re-apply my change' }).click();
  await expect(conflict).toBeHidden();
  const final = await other.get(`/api/support/tickets/${ticket.id}/`);
  expect(final.priority).toBe('urgent');
  expect(final.tags).toContain('billing');
});

test('the queue is worked by keyboard alone', async ({ page, signIn }) => {
  const learner = await newLearner('Leopold');
  await newTicket(learner, `Keyboard queue first ${learner.lastName}`);
  await newTicket(learner, `Keyboard queue second ${learner.lastName}`);
  await signIn(page, 'demo_support_agent');
  await page.goto('/console/tickets');
  await screenReady(page, 'Tickets');
  const current = page.locator('[aria-current="true"], [aria-selected="true"]');
  await page.keyboard.press('j');
  const first = await current.first().textContent();
  await page.keyboard.press('j');
  await expect(current.first()).not.toHaveText(first ?? '');
  await page.keyboard.press('k');
  await expect(current.first()).toHaveText(first ?? '');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/console\/tickets\/\d+$/);
  await screenReady(page);
});
