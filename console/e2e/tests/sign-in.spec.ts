// Signing in: with a password alone, with an authenticator code, with a recovery code; signing out ends the session.
import { staffWithMfa } from '../support/api.js';
import { expect, signIn, test } from '../support/fixtures.js';
import { codeAt, currentStep } from '../support/totp.js';
import { enter, screenReady, signOut } from '../support/ui.js';

test('a support agent signs in with a password, and signing out ends the session', async ({ page }) => {
  await signIn(page, 'demo_support_agent');
  await expect(page.getByRole('link', { name: 'Learners' }).first()).toBeVisible();
  await signOut(page);
  await expect(page).toHaveURL(/\/console\/login/);
  await page.goto('/console/learners'); // a deep link after sign-out leads back to the sign-in form
  await expect(page.getByRole('textbox', { name: 'Username', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password is refused beside the form, in plain words', async ({ page }) => {
  await page.goto('/console/login');
  await enter(page.getByRole('textbox', { name: 'Username', exact: true }), 'demo_support_agent');
  await enter(page.getByRole('textbox', { name: 'Password', exact: true }), 'not-the-password-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /./ }).first()).toBeVisible();
  await expect(page).toHaveURL(/\/console\/login/);
});

test('with MFA, the authenticator code finishes the sign-in', async ({ page }) => {
  const staff = await staffWithMfa('support_agent');
  await page.goto('/console/login');
  await enter(page.getByRole('textbox', { name: 'Username', exact: true }), staff.username);
  await enter(page.getByRole('textbox', { name: 'Password', exact: true }), process.env.E2E_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByRole('textbox', { name: 'Authentication code', exact: true });
  await expect(code).toBeVisible();
  // The step after the one spent on enrolment: the server accepts one step either side and never a step twice.
  await enter(code, codeAt(staff.secret, Math.max(currentStep(), staff.lastStep + 1)));
  await code.press('Enter');
  await expect(page).not.toHaveURL(/\/console\/login/);
  await screenReady(page);
});

test('with MFA, a recovery code finishes the sign-in instead', async ({ page }) => {
  const staff = await staffWithMfa('support_agent');
  await page.goto('/console/login');
  await enter(page.getByRole('textbox', { name: 'Username', exact: true }), staff.username);
  await enter(page.getByRole('textbox', { name: 'Password', exact: true }), process.env.E2E_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Use a recovery code').check(); // a switch from the code to a recovery code
  const field = page.getByRole('textbox', { name: /recovery code/i });
  await enter(field, staff.recoveryCodes[0]!);
  await field.press('Enter');
  await expect(page).not.toHaveURL(/\/console\/login/);
  await screenReady(page);
});
