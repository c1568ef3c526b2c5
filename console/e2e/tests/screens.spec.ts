// Every screen, light and dark, at desktop and phone width: axe finds no serious or critical violation and nothing
// scrolls sideways at 390 px. Run as the `screenshots` project (`make screenshots`), the same walk also writes
// docs/console/<screen>-<desktop|phone>-<light|dark>.png for the staff guide (docs/console.md).
import { resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { newLearner, newTicket } from '../support/api.js';
import {
  DESKTOP,
  PHONE,
  type Scheme,
  contextIn,
  expectNoSeriousViolations,
  expectNoSidewaysScroll,
  expect,
  expectScheme,
  signIn,
  test,
} from '../support/fixtures.js';
import { screenReady } from '../support/ui.js';

const DOCS = resolve(import.meta.dirname, '..', '..', '..', 'docs', 'console');
const SIZES = { desktop: DESKTOP, phone: PHONE };

type Screen = { name: string; path: string; heading?: RegExp | string };

async function check(page: Page, info: TestInfo, screen: Screen, scheme: Scheme, size: keyof typeof SIZES) {
  await page.goto(screen.path);
  await screenReady(page, screen.heading);
  await expectScheme(page, scheme);
  const label = `${screen.name} (${size}, ${scheme})`;
  await expectNoSeriousViolations(page, label, scheme);
  await expectNoSidewaysScroll(page, label);
  if (info.project.name === 'screenshots') {
    await page.screenshot({ path: `${DOCS}/${screen.name}-${size}-${scheme}.png`, fullPage: false });
  }
}

for (const scheme of ['light', 'dark'] as const) {
  for (const size of ['desktop', 'phone'] as const) {
    test.describe(`${size}, ${scheme}`, () => {
      test.describe.configure({ timeout: 180_000 }); // several screens, each with axe
      test('sign-in', async ({ browser }, info) => {
        const context = await contextIn(browser, scheme, SIZES[size]);
        const page = await context.newPage();
        await check(page, info, { name: 'sign-in', path: '/console/login' }, scheme, size);
        await context.close();
      });

      test('learners and the profile', async ({ browser }, info) => {
        const learner = await newLearner('Wilhelmina');
        const context = await contextIn(browser, scheme, SIZES[size]);
        const page = await context.newPage();
        await signIn(page, 'demo_support_agent');
        await check(page, info, { name: 'learners', path: '/console/learners', heading: 'Learners' }, scheme, size);
        const search = `/console/learners?q=${encodeURIComponent(learner.lastName)}`;
        await check(page, info, { name: 'learners-search', path: search, heading: 'Learners' }, scheme, size);
        const profile = `/console/learners/${learner.id}`;
        await check(page, info, { name: 'learner-profile', path: profile, heading: new RegExp(learner.lastName) }, scheme, size);
        await context.close();
      });

      test('the support desk and the knowledge base', async ({ browser }, info) => {
        const learner = await newLearner('Barnaby');
        const ticket = await newTicket(learner, `Cannot download the slides ${learner.lastName}`);
        const context = await contextIn(browser, scheme, SIZES[size]);
        const page = await context.newPage();
        await signIn(page, 'demo_support_agent');
        await check(page, info, { name: 'tickets', path: '/console/tickets', heading: 'Tickets' }, scheme, size);
        const one = `/console/tickets/${ticket.id}`;
        await check(page, info, { name: 'ticket', path: one, heading: new RegExp(ticket.title) }, scheme, size);
        await check(page, info, { name: 'knowledge-base', path: '/console/knowledge-base', heading: 'Knowledge base' }, scheme, size);
        await page.getByRole('main').getByRole('link').first().click();
        await expect(page).toHaveURL(/\/console\/knowledge-base\/\d+$/);
        await check(page, info, { name: 'article', path: new URL(page.url()).pathname }, scheme, size);
        await context.close();
      });

      test('monitoring', async ({ browser }, info) => {
        const context = await contextIn(browser, scheme, SIZES[size]);
        const page = await context.newPage();
        await signIn(page, 'demo_support_admin');
        const screens: [string, string, string | RegExp][] = [
          ['monitoring', '', 'Live monitoring'],
          ['monitoring-sessions', '/sessions', 'Sessions'],
          ['monitoring-errors', '/errors', 'Errors'],
          ['monitoring-health', '/health', 'System health'],
          ['monitoring-alerts', '/alerts', 'Alerts'],
          ['monitoring-kpis', '/kpis', /Support KPIs/],
        ];
        for (const [name, path, heading] of screens) {
          await check(page, info, { name, path: `/console/monitoring${path}`, heading }, scheme, size);
        }
        await page.getByRole('link', { name: 'Errors', exact: true }).click();
        await page.getByRole('main').getByRole('listitem').getByRole('link').first().click();
        await expect(page).toHaveURL(/\/console\/monitoring\/errors\/\d+$/);
        await check(page, info, { name: 'monitoring-error', path: new URL(page.url()).pathname }, scheme, size);
        await context.close();
      });
    });
  }
}
