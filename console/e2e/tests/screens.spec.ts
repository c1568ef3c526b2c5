// Every screen, light and dark, at desktop and phone width: axe finds no serious or critical violation and nothing
// scrolls sideways at 390 px. Run as the `screenshots` project (`make screenshots`), the same walk also writes
// docs/console/<screen>-<desktop|phone>-<light|dark>.png for the staff guide (docs/console.md).
import { resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { Api, newLearner, newTicket } from '../support/api.js';
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

// Each walk stands alone (its own learner, ticket and context): spread them over the workers.
test.describe.configure({ mode: 'parallel' });

const DOCS = resolve(import.meta.dirname, '..', '..', '..', 'docs', 'console');
const SIZES = { desktop: DESKTOP, phone: PHONE };

/** One export dry run for every variant (a person has one unfinished operation of a type at a time). */
let exportDryRun: Promise<Record<string, unknown>> | null = null;
function dryRunExport(): Promise<Record<string, unknown>> {
  exportDryRun ??= Api.login('demo_platform_admin').then((admin) =>
    admin.post('/api/users/bulk-operations/', { operation_type: 'export', dry_run: true, parameters: { fields: ['id', 'email'] } }),
  );
  return exportDryRun;
}

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

      test('compliance, security and impersonation', async ({ browser }, info) => {
        const context = await contextIn(browser, scheme, SIZES[size]);
        const page = await context.newPage();
        await signIn(page, 'demo_platform_admin');
        for (const [name, path, heading] of [
          ['compliance-audit', '/console/compliance/audit', 'Compliance'],
          ['compliance-reports', '/console/compliance/reports?name=admin-actions', 'Compliance'],
          ['compliance-privacy', '/console/compliance/privacy', 'Compliance'],
          ['security-events', '/console/security/events', 'Security'],
          ['security-policy', '/console/security/policy', 'Security'],
          ['impersonation', '/console/impersonation?tab=stats', 'Impersonation'],
        ] as const) {
          await check(page, info, { name, path, heading }, scheme, size);
        }
        await context.close();
      });

      test('bulk operations', async ({ browser }, info) => {
        const op = await dryRunExport();
        const context = await contextIn(browser, scheme, SIZES[size]);
        const page = await context.newPage();
        await signIn(page, 'demo_platform_admin');
        await check(page, info, { name: 'bulk', path: '/console/bulk', heading: 'Bulk operations' }, scheme, size);
        await check(page, info, { name: 'bulk-new', path: '/console/bulk/new', heading: 'New bulk operation' }, scheme, size);
        const one = `/console/bulk/${String(op.operation_id)}`;
        await check(page, info, { name: 'bulk-operation', path: one, heading: /^Dry run #\d+$/ }, scheme, size);
        await context.close();
      });

      test('analytics', async ({ browser }, info) => {
        const context = await contextIn(browser, scheme, SIZES[size]);
        const page = await context.newPage();
        await signIn(page, 'demo_customer_success');
        await check(page, info, { name: 'analytics-engagement', path: '/console/analytics/engagement', heading: 'Analytics' }, scheme, size);
        await check(page, info, { name: 'analytics-at-risk', path: '/console/analytics/at-risk', heading: 'Analytics' }, scheme, size);
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
