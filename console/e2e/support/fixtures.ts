// What every journey shares: the live server's address, signing in through the sign-in form, and the checks every
// screen must pass (axe: no serious or critical violation; at phone width nothing scrolls sideways).
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, expect, test as base } from '@playwright/test';
import { base as serverBase, password } from './api.js';
import { enter } from './ui.js';

export type Scheme = 'light' | 'dark';
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

/** The console remembers the person's choice under this key; the system preference decides until then. */
const SCHEME_KEY = 'console-color-scheme';

export const test = base.extend<{ signIn: (page: Page, username: string) => Promise<void> }, { server: string }>({
  // This worker's server, also as E2E_BASE_URL for a journey that reads the environment.
  server: [
    async ({}, use) => {
      process.env.E2E_BASE_URL = serverBase();
      await use(serverBase());
    },
    { scope: 'worker', auto: true },
  ],
  baseURL: async ({ server }, use) => {
    await use(server);
  },
  signIn: async ({}, use) => {
    await use(signIn);
  },
});
export { expect };

export async function signIn(page: Page, username: string, secret = password()): Promise<void> {
  await page.goto('/console/login');
  await enter(page.getByRole('textbox', { name: 'Username', exact: true }), username);
  await enter(page.getByRole('textbox', { name: 'Password', exact: true }), secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/console\/login/);
}

/** A second person at another desk: their own context (cookies, storage), signed in. */
export async function secondContext(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: serverBase() });
  const page = await context.newPage();
  await signIn(page, username);
  return { context, page };
}

/** Open a context in a colour scheme, both as the system preference and as the console's remembered choice. */
export async function contextIn(browser: Browser, scheme: Scheme, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: serverBase(), colorScheme: scheme, viewport });
  await context.addInitScript(
    ([key, value]) => window.localStorage.setItem(key!, value!),
    [SCHEME_KEY, scheme],
  );
  return context;
}

/** The scheme the page shows (Mantine marks the root element). */
export async function expectScheme(page: Page, scheme: Scheme): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
}

/** Known defects of the console, each with its owner: reported on the test (an annotation in every run) instead of
 * failing it, so the rest of the walk keeps guarding. Remove an entry as soon as its fix lands. */
const KNOWN_DEFECTS: Record<Scheme, string[]> = {
  light: [],
  dark: [],
};

/** axe over the whole page: any serious or critical violation fails, with what and where. */
export async function expectNoSeriousViolations(page: Page, screen: string, scheme: Scheme): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const found = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of found.filter((v) => KNOWN_DEFECTS[scheme].includes(v.id))) {
    test.info().annotations.push({ type: 'known defect', description: `${screen}: ${v.id} (${v.nodes.length} nodes)` });
  }
  const serious = found
    .filter((v) => !KNOWN_DEFECTS[scheme].includes(v.id))
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  expect(serious, `axe on ${screen}`).toEqual([]);
}

/** Nothing on the page is wider than the window. */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  expect(widths.scroll, `${screen} scrolls sideways at ${widths.client} px`).toBeLessThanOrEqual(widths.client);
}
