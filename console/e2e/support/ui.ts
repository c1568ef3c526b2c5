// Small moves through the console's widgets, by accessible name only, so they hold whatever component draws them.
import { type Locator, type Page, expect } from '@playwright/test';

/** Type into a text field as a person does, key by key. Firefox over WebDriver BiDi sets a value with `fill()` that
 * React's controlled inputs never hear of (the form then says the field is empty); real key presses work in both. */
export async function enter(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.pressSequentially(text);
  await expect(field).toHaveValue(text);
}

/** Pick an option in a labelled choice: a native <select> or a combobox with a listbox. */
export async function choose(page: Page, label: string | RegExp, option: string, settled = true): Promise<void> {
  const field = page
    .getByRole('combobox', { name: label, exact: true })
    .or(page.getByRole('textbox', { name: label, exact: true }))
    .first();
  const tag = await field.evaluate((node) => node.tagName);
  if (tag === 'SELECT') {
    await field.selectOption({ label: option });
    return;
  }
  await field.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  if (settled) await expect(field).toHaveValue(option); // (a refused change shows the server's value again)
}

/** Sign out from wherever the button lives (in the shell or behind the account menu). */
export async function signOut(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign out' }).or(page.getByRole('menuitem', { name: 'Sign out' }));
  if (!(await button.first().isVisible())) await page.getByRole('button', { name: /Signed in as/ }).click();
  await button.first().click();
  await expect(page.getByRole('textbox', { name: 'Username', exact: true })).toBeVisible();
}

/** A screen has drawn: its main heading is there and nothing says it is still loading. */
export async function screenReady(page: Page, heading?: string | RegExp): Promise<Locator> {
  const h1 = heading
    ? page.getByRole('heading', { level: 1, name: heading })
    : page.getByRole('heading', { level: 1 }).first();
  await expect(h1).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  return h1;
}
