// The browser SDK (clients/telemetry, built) on a page of the live server (one of its own HTML pages, under its CSP,
// with the SDK's files routed in as same-origin scripts: a page fulfilled by the test would have no navigation
// timing in Firefox, so no web vitals), against the live server: a learner's tab sends each kind (device, page view,
// single-page route change, heartbeat, uncaught error, API timing, web vitals) and the monitoring API has stored it,
// as a support agent reads it back.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Api, type Json } from '../support/api.js';
import { expect, test } from '../support/fixtures.js';

const SDK = resolve(import.meta.dirname, '..', '..', '..', 'clients', 'telemetry');
const PREFIX = '/__telemetry_test__/';

// what a front end adds: the three lines, with short intervals so the journey needs no long wait
const APP = `import { init } from "${PREFIX}dist/index.js";
const token = new URLSearchParams(location.hash.slice(1)).get("token");
window.telemetry = init({ endpoint: "/api/telemetry/", release: "e2e@1.0.0", token, flushMs: 200, heartbeatSeconds: 1 });`;

test.beforeAll(() => {
  if (!existsSync(join(SDK, 'dist', 'index.js'))) {
    if (!existsSync(join(SDK, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: SDK });
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: SDK });
  }
});

test("a learner's tab sends every kind of telemetry and the API stores it", async ({ page, browserName }) => {
  await page.route(`**${PREFIX}**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(PREFIX.length);
    if (path.startsWith('dist/')) {
      const file = join(SDK, path);
      return route.fulfill({ body: readFileSync(file), contentType: 'text/javascript' });
    }
    return route.fulfill({ body: APP, contentType: 'text/javascript' });
  });
  const learner = await Api.login('demo_learner');
  await page.goto(`/unblock-login#token=${learner.token}`);
  await page.addScriptTag({ url: `${PREFIX}app.js`, type: 'module' });
  await page.waitForFunction(() => 'telemetry' in window);
  await page.evaluate(() => {
    const next = Object.assign(document.createElement('button'), { id: 'next', type: 'button', textContent: 'Next' });
    document.querySelector('main')!.append(next);
  });
  const key = await page.evaluate(() => (window as unknown as { telemetry: { sessionId: string } }).telemetry.sessionId);

  await page.getByRole('button', { name: 'Next' }).click(); // a breadcrumb
  await page.evaluate((prefix) => {
    document.title = 'Lesson 2';
    history.pushState({}, '', `${prefix}lesson/2`);
  }, PREFIX);
  await page.evaluate(() => fetch('/api/health').then((r) => r.status));
  await page.evaluate(() => {
    setTimeout(() => {
      throw new TypeError(`e2e lesson failed to load`);
    }, 0);
  });

  const agent = await Api.login('demo_support_agent');
  let detail: Json = {};
  await expect
    .poll(
      async () => {
        const sessions = (await agent.get('/api/monitoring/sessions/?online=true')).items as Json[];
        const mine = sessions.find((s) => s.key === key);
        if (!mine) return 'no session yet';
        detail = await agent.get(`/api/monitoring/sessions/${mine.id}`);
        const pages = (detail.pages as Json[]).map((p) => new URL(String(p.url)).pathname);
        const vitals = Object.keys(detail.vitals as Json).filter((v) => ['fcp', 'ttfb'].includes(v));
        return [
          pages.includes('/unblock-login') && pages.includes(`${PREFIX}lesson/2`) ? 'pages' : '',
          (detail.errors as Json[]).length === 1 ? 'error' : '',
          Number(detail.api_calls) >= 1 ? 'api' : '',
          vitals.length === 2 ? 'vitals' : '',
          (detail.summary as Json).last_heartbeat_at ? 'heartbeat' : '',
          (detail.summary as Json).browser ? 'device' : '',
        ].join(' ');
      },
      { timeout: 20_000 },
    )
    .toBe('pages error api vitals heartbeat device');

  const summary = detail.summary as Json;
  expect(String(summary.browser).toLowerCase()).toContain(browserName === 'firefox' ? 'firefox' : 'chrom');
  expect(summary.title).toBe('Lesson 2');
  const [error] = detail.errors as Json[];
  const group = await agent.get(`/api/monitoring/errors/${error!.group_id}`);
  const sample = (group.samples as Json[])[0]!;
  expect(sample).toMatchObject({ error_type: 'TypeError', message: 'e2e lesson failed to load', release: 'e2e@1.0.0' });
  const crumbs = (sample.breadcrumbs as Json[]).map((c) => `${c.category} ${c.message}`);
  expect(crumbs).toEqual(
    expect.arrayContaining(['ui.click button#next', `navigation /unblock-login -> ${PREFIX}lesson/2`, 'http GET /api/health 200']),
  );
});
