// The pages the account e-mails link to, as a learner meets them: /reset-password and /unblock-login with a good
// link (it works once), the same link again (used), and a broken one. An expired link gets the same answer from the
// API as a used one (400 invalid_reset_token / invalid_unblock_token, tested in pytest), so the page says the same.
import { AxeBuilder } from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { base, newLearner, unique } from '../support/api.js';
import { expect, test } from '../support/fixtures.js';
import { logSize, mailedLink } from '../support/mail.js';

async function post(path: string, body: Record<string, unknown>): Promise<number> {
  const response = await fetch(base() + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

async function axeClean(page: Page): Promise<void> {
  const found = await new AxeBuilder({ page }).analyze();
  expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

const NOT_VALID = /does not work any more: it was already used, it expired/;

test('a learner resets a password from the e-mailed link once, and the link is spent after', async ({ page }) => {
  const learner = await newLearner('Resetta');
  const email = `${learner.username}@example.com`;
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  const since = logSize();
  expect(await post('/api/auth/password-reset', { email })).toBe(202);
  const link = await mailedLink(email, '/reset-password', since);

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page).toHaveURL(/\/reset-password$/); // the token left the address bar
  await axeClean(page);
  const fresh = `Lantern-${unique()}-orchard-quiet`;
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('The same password again').fill('other');
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.getByRole('alert')).toHaveText('The two passwords are not the same.');
  await page.getByLabel('The same password again').fill('short');
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose another password:It is too short.');
  await page.getByLabel('New password').fill(fresh);
  await page.getByLabel('The same password again').fill(fresh);
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed.');
  await expect(page.getByRole('button', { name: 'Set my new password' })).toBeHidden();
  expect(await post('/api/auth/login', { username: learner.username, password: fresh })).toBe(200);

  await page.goto(link); // used
  await page.getByLabel('New password').fill(`${fresh}-again`);
  await page.getByLabel('The same password again').fill(`${fresh}-again`);
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.getByRole('alert')).toContainText(NOT_VALID);
  await expect(page.getByLabel('New password')).toBeHidden();

  await page.goto('/reset-password?token=not-a-real-token'); // broken
  await page.getByLabel('New password').fill(fresh);
  await page.getByLabel('The same password again').fill(fresh);
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await expect(page.getByRole('alert')).toContainText(NOT_VALID);
  await page.goto('/reset-password'); // no token at all
  await expect(page.getByRole('alert')).toContainText(NOT_VALID);
  await axeClean(page);
  expect(errors.filter((e) => !/^Failed to load resource: .* status of 4(00|22)/.test(e))).toEqual([]); // no CSP refusal
});

test('a learner whose sign-in was paused unblocks it from the e-mailed link, once', async ({ page }) => {
  const learner = await newLearner('Unblocka');
  const email = `${learner.username}@example.com`;
  const since = logSize();
  // LOGIN_ACCOUNT_MAX_FAILURES is 5 on the e2e server: the fifth failure pauses the account and mails the owner
  for (let i = 0; i < 5; i++) await post('/api/auth/login', { username: learner.username, password: `wrong-${i}` });
  const link = await mailedLink(email, '/unblock-login', since);

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Unblock your sign-in' })).toBeVisible();
  await axeClean(page);
  await page.getByRole('button', { name: 'Unblock my sign-in' }).click();
  await expect(page.getByRole('status')).toHaveText('Sign-in is unblocked. You can sign in again now.');

  await page.goto(link); // used
  await page.getByRole('button', { name: 'Unblock my sign-in' }).click();
  await expect(page.getByRole('alert')).toContainText(NOT_VALID);
  await expect(page.getByRole('button', { name: 'Unblock my sign-in' })).toBeHidden();

  await page.goto('/unblock-login?token=forged');
  await page.getByRole('button', { name: 'Unblock my sign-in' }).click();
  await expect(page.getByRole('alert')).toContainText(NOT_VALID);
});
