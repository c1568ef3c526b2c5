import { expect, test } from '@playwright/test';

// Both browsers start and answer the locators every journey relies on: labels, roles, keyboard.
test('the browser renders a form and answers to its accessible names', async ({ page }) => {
  await page.setContent(`
    <main>
      <form onsubmit="event.preventDefault(); document.querySelector('output').textContent = 'Signed in as ' + this.u.value">
        <label>Username <input name="u"></label>
        <button>Sign in</button>
        <output></output>
      </form>
    </main>`);
  await page.getByLabel('Username').fill('demo_support_agent');
  await page.getByLabel('Username').press('Enter');
  await expect(page.getByRole('status')).toHaveText('Signed in as demo_support_agent');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
