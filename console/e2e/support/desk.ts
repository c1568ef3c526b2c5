// Moves on the ticket screen, by accessible name: the composer (reply or internal note), assignment, status.
import { type Page, expect } from '@playwright/test';
import { choose, enter } from './ui.js';

/** Write in the one composer, as a public reply or an internal note, and send it. */
export async function compose(page: Page, kind: 'Reply' | 'Internal note', text: string): Promise<void> {
  // "Send as": a segmented control whose radios are visually hidden: a person clicks the label
  const radio = page.getByRole('radio', { name: kind, exact: true });
  await page.locator(`label[for="${await radio.getAttribute('id')}"]`).click();
  await expect(radio).toBeChecked();
  const box = page.getByRole('textbox', { name: 'Message' });
  await enter(box, text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(box).toHaveValue('');
}

/** Move the ticket to a status among the transitions the server allows. */
export async function setStatus(page: Page, status: string): Promise<void> {
  await choose(page, 'Status', status);
}

/** The conversation's entries: articles, a reply and an internal note told apart by name. */
export function entry(page: Page, kind: RegExp, text: string) {
  return page.getByRole('article', { name: kind }).filter({ hasText: text });
}
