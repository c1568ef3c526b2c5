// Learners, as a support agent: find one by a fragment of a name, open the 360° profile, change the status with a
// reason, open a ticket from the profile filled with the learner's context.
import { Api, newLearner } from '../support/api.js';
import { expect, test } from '../support/fixtures.js';
import { choose, enter, screenReady } from '../support/ui.js';

test.beforeEach(async ({ page, signIn }) => {
  await signIn(page, 'demo_support_agent');
});

test('find a learner by a fragment of a name and open the profile', async ({ page }) => {
  const learner = await newLearner('Marguerite');
  await page.goto('/console/learners');
  await screenReady(page, 'Learners');
  const fragment = learner.lastName.slice(3, 11); // from inside the name: "llfeathe…"
  const search = page.getByRole('searchbox', { name: 'Search learners' });
  await enter(search.or(page.getByRole('textbox', { name: 'Search learners' })).first(), fragment);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${fragment}`)); // the search is in the URL: the view is a link
  const link = page.getByRole('link', { name: new RegExp(learner.lastName) });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/console/learners/${learner.id}$`));
  await screenReady(page, new RegExp(learner.lastName));
  await expect(page.getByText(learner.username).first()).toBeVisible();
  await page.reload(); // a deep link survives a reload
  await screenReady(page, new RegExp(learner.lastName));
});

test('change a learner status with a reason', async ({ page }) => {
  const learner = await newLearner('Theodora');
  await page.goto(`/console/learners/${learner.id}`);
  await screenReady(page, new RegExp(learner.lastName));
  await page.getByRole('button', { name: 'Change status' }).click();
  const dialog = page.getByRole('dialog');
  await choose(page, 'New status', 'Suspended');
  const reason = `Chargeback under review ${learner.lastName}`;
  await enter(dialog.getByRole('textbox', { name: /reason/i }), reason);
  await dialog.getByRole('button', { name: /change status|save/i }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Suspended').first()).toBeVisible();
  const admin = await Api.login('demo_platform_admin');
  const profile = await admin.get(`/api/users/profiles/${learner.id}/`);
  expect(profile.account_status).toBe('suspended');
  expect(profile.status_reason).toBe(reason);
});

test('a status change without a reason is refused beside the field', async ({ page }) => {
  const learner = await newLearner('Ambrose');
  await page.goto(`/console/learners/${learner.id}`);
  await screenReady(page, new RegExp(learner.lastName));
  await page.getByRole('button', { name: 'Change status' }).click();
  const dialog = page.getByRole('dialog');
  await choose(page, 'New status', 'Suspended');
  await dialog.getByRole('button', { name: /change status|save/i }).click();
  await expect(dialog.getByText('Give a reason: it goes to the audit log.')).toBeVisible();
  const admin = await Api.login('demo_platform_admin');
  expect((await admin.get(`/api/users/profiles/${learner.id}/`)).account_status).toBe('active');
});

test('create a ticket from the profile, filled with the learner context', async ({ page }) => {
  const learner = await newLearner('Cordelia');
  await page.goto(`/console/learners/${learner.id}`);
  await screenReady(page, new RegExp(learner.lastName));
  await page.getByRole('button', { name: 'New ticket' }).first().click();
  const dialog = page.getByRole('dialog');
  const description = dialog.getByRole('textbox', { name: 'Description' });
  await expect(description).toHaveValue(new RegExp(learner.username)); // the learner's context is already there
  const title = `Cannot open the final quiz ${learner.lastName}`;
  await enter(dialog.getByRole('textbox', { name: 'Title' }), title);
  await dialog.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByText(/Ticket \S+ created/)).toBeVisible();
  const admin = await Api.login('demo_support_admin');
  const found = await admin.get(`/api/support/tickets/?user=${learner.id}`);
  const titles = (found.items as { title: string }[]).map((t) => t.title);
  expect(titles).toContain(title);
});
