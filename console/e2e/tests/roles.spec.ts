// By role: what the role lacks is not shown. The same profile, seen by a support admin and by an agent: the admin's
// actions are there for the admin (so the check below cannot pass vacuously) and absent for the agent.
import { base, newLearner } from '../support/api.js';
import { expect, test } from '../support/fixtures.js';
import { screenReady } from '../support/ui.js';

const ADMIN_ONLY = ['Request a password reset'];

test('an agent never sees an admin-only action', async ({ browser, page, signIn }) => {
  const learner = await newLearner('Evangeline');

  const adminContext = await browser.newContext({ baseURL: base() });
  const admin = await adminContext.newPage();
  await signIn(admin, 'demo_support_admin');
  await admin.goto(`/console/learners/${learner.id}?tab=security`); // the tab is in the URL: a link to it
  await screenReady(admin, new RegExp(learner.lastName));
  for (const name of ADMIN_ONLY) await expect(admin.getByRole('button', { name })).toBeVisible();
  await adminContext.close();

  await signIn(page, 'demo_support_agent');
  await page.goto(`/console/learners/${learner.id}?tab=security`);
  await screenReady(page, new RegExp(learner.lastName));
  for (const name of ADMIN_ONLY) await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^End session/ })).toHaveCount(0);
});
