// Moves on the ticket screen, by accessible name: the composer (reply or internal note), assignment, status.
import { type Page, expect } from '@playwright/test';
import { choose, enter } from './ui.js';

/** Write in the one composer, as a public reply or an internal note, and send it. */
export async function compose(page: Page, kind: 'Reply' | 'Internal note', text: string): Promise<void> {
  const mode = page.getByRole('radio', { name: kind }).or(page.getByRole('tab', { name: kind }));
  await mode.first().click();
  const box = page.getByRole('textbox', { name: kind === 'Reply' ? /reply/i : /note/i }).first();
  await enter(box, text);
  await page.getByRole('button', { name: kind === 'Reply' ? /^send reply|^reply$/i : /^add (internal )?note/i }).click();
  await expect(box).toHaveValue('');
}

/** Move the ticket to a status among the transitions the server allows. */
export async function setStatus(page: Page, status: string): Promise<void> {
  await choose(page, 'Status', status);
}

/** The conversation: each entry is an article (a reply or an internal note, told apart by name). */
export function conversation(page: Page) {
  return page.getByRole('feed', { name: /conversation/i }).or(page.getByRole('list', { name: /conversation/i })).first();
}
