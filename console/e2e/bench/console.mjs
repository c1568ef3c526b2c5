// The console's speed in Debian's chromium-headless-shell, timed inside the page (performance.now(), a
// MutationObserver, the Resource Timing entries of the API calls). Started by bench/console.py, which seeds the
// data and runs the server: BENCH_BASE_URL, BENCH_PASSWORD (the demo staff's), BENCH_PLAN (JSON), BENCH_OUT (where
// the figures go, as JSON). Plain JavaScript so that Node runs it as it is.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { INIT, pool, q, stats } from './pagekit.mjs';

const base = process.env.BENCH_BASE_URL;
const password = process.env.BENCH_PASSWORD;
const plan = JSON.parse(process.env.BENCH_PLAN ?? '{}');
const notes = [];
const WARMUP = 3;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium-headless-shell',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function newContext() {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
  await context.addInitScript(INIT);
  return context;
}

async function signIn(page, username) {
  await page.goto('/console/login');
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(username);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/console/login'));
}

async function token(username) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await r.json();
  if (!body.token) throw new Error(`${username}: no token (${r.status})`);
  return body.token;
}

/** JS and CSS the browser loads for a page, with the gzip size of each file in console/dist. */
function gzipBytes(urls) {
  let total = 0;
  const files = [];
  for (const url of urls) {
    const rel = new URL(url).pathname.replace(/^\/console\//, '');
    const path = join(plan.dist, rel);
    if (!existsSync(path)) continue;
    const gz = existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : gzipSync(readFileSync(path), { level: 9 }).length;
    total += gz;
    files.push(`${rel} ${(gz / 1024).toFixed(1)} KB`);
  }
  return { total: total / 1024, files };
}

async function measureShell() {
  const context = await newContext();
  const page = await context.newPage();
  const loaded = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (type === 'script' || type === 'stylesheet') loaded.push(r.url());
  });
  await page.goto('/console/login', { waitUntil: 'networkidle' });
  const login = gzipBytes(loaded);
  const before = loaded.length;
  await signIn(page, plan.agent);
  await page.waitForLoadState('networkidle');
  const seen = new Set(loaded.slice(0, before));
  const after = gzipBytes([...new Set(loaded.slice(before))].filter((url) => !seen.has(url)));
  notes.push(`/console/login loads ${loaded.slice(0, before).length} JS/CSS files: ${login.files.join(', ')}`);
  notes.push(`after sign-in the landing screen (learners) adds ${after.files.length} files, ${after.total.toFixed(1)} KB gzipped: ${after.files.join(', ')}`);
  await context.close();
  return { label: 'sign-in page + shell: JS+CSS gzipped', n: 1, total: login.total };
}

async function measureSearch(page) {
  await page.goto('/console/learners');
  const field = page.locator('input[data-screen-search]');
  await field.waitFor();
  await page.evaluate(() => window.__bench.watchRows());
  const samples = [];
  const parts = { debounce: [], api: [], render: [] };
  let skipped = 0;
  for (const [i, fragment] of plan.fragments.entries()) {
    await field.click();
    await field.press('Control+a');
    const answer = page.waitForResponse(
      (r) => r.url().includes('/api/users/profiles/') && new URL(r.url()).searchParams.get('q') === fragment,
      { timeout: 60_000 },
    );
    await field.pressSequentially(fragment, { delay: 40 });
    const body = await (await answer).json();
    const first = body.items.length ? `/learners/${body.items[0].id}` : 'none';
    const t = await page.evaluate(([frag, want]) => window.__bench.rendered(frag, want), [fragment, first]);
    if (t === null) {
      skipped += 1;
      continue;
    }
    if (i < WARMUP) continue;
    samples.push(t.painted - t.lastKey);
    parts.debounce.push(t.requestStart - t.lastKey);
    parts.api.push(t.responseEnd - t.requestStart);
    parts.render.push(t.painted - t.responseEnd);
    await page.waitForTimeout(300);
  }
  if (skipped) notes.push(`search: ${skipped} terms skipped (their first row was already on screen)`);
  notes.push(
    `search, p50/p95 of its parts: last key → request sent ${q(parts.debounce)}; request → response ${q(parts.api)}; response → rows painted ${q(parts.render)} (ms)`,
  );
  return { label: 'learner search: last keystroke → rows painted', ...stats(samples) };
}

async function measureLoads(page, label, paths, kind, api) {
  const samples = [];
  const apiTimes = [];
  const boot = [];
  const after = [];
  for (const [i, path] of paths.entries()) {
    await page.goto(path, { waitUntil: 'commit' });
    const t = await page.evaluate(([k, a]) => window.__bench.ready(k, a), [kind, api]);
    if (i < WARMUP) continue;
    samples.push(t.ready);
    if (t.api === null) continue;
    apiTimes.push(t.api);
    boot.push(t.apiStart);
    after.push(t.ready - t.apiEnd);
  }
  notes.push(
    `${kind}, p50/p95 of its parts: navigation → its API request sent ${q(boot)}; the request (${api}) ${q(apiTimes)}; response → ready ${q(after)} (ms)`,
  );
  return { label, ...stats(samples) };
}

async function measureLive(pageA, watcherToken) {
  const id = plan.open[0]; // an open ticket: a closed one refuses new notes (409)
  await pageA.goto(`/console/tickets/${id}`);
  await pageA.evaluate(() => window.__bench.ready('conversation', '/api/support/tickets/'));
  const context = await newContext();
  const pageB = await context.newPage();
  await signIn(pageB, plan.watcher); // a console page: its CSP lets it call the API (an API answer's would not)
  const samples = [];
  const fromSent = [];
  for (let i = 0; i < plan.changes; i += 1) {
    const marker = `bench-live-${i}-${Date.now()}`;
    await pageA.evaluate((m) => window.__bench.expect(m), marker);
    const returned = await pageB.evaluate(
      async ([ticket, content, bearer]) => {
        const sent = performance.timeOrigin + performance.now();
        const r = await fetch(`/api/support/tickets/${ticket}/updates/`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ update_type: 'internal_note', content }),
        });
        await r.text();
        if (r.status !== 201) throw new Error(`POST update: ${r.status}`);
        return { sent, returned: performance.timeOrigin + performance.now() };
      },
      [id, marker, watcherToken],
    );
    const seen = await pageA.evaluate(() => window.__bench.seen());
    samples.push(seen - returned.returned);
    fromSent.push(seen - returned.sent);
  }
  notes.push(`live: the note on screen after its request was sent p50/p95 ${q(fromSent)} ms (a negative time from the answer: the event outran the answer)`);
  await context.close();
  return { label: "another agent's note → on screen (ticket page)", ...stats(samples) };
}

async function measureHeap(context, watcherToken) {
  const page = await context.newPage();
  await page.goto('/console/tickets');
  await page.evaluate(() => window.__bench.ready('queue', '/api/support/tickets/'));
  const ids = await page.evaluate(() =>
    [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => /\/tickets\/\d+$/.test(h)).map((h) => Number(h.split('/').pop())),
  );
  const cdp = await context.newCDPSession(page);
  const used = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
  await cdp.send('HeapProfiler.collectGarbage');
  const start = await used();
  let peak = start;
  let failed = 0;
  const targets = ids.length ? ids : plan.open;
  await pool(plan.events, 4, async (i) => {
    const r = await fetch(`${base}/api/support/tickets/${targets[i % targets.length]}/updates/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${watcherToken}` },
      body: JSON.stringify({ update_type: 'internal_note', content: `bench heap ${i}` }),
    });
    await r.text();
    if (r.status !== 201) failed += 1;
    if (i % 50 === 0) peak = Math.max(peak, await used());
  });
  const deadline = Date.now() + 30_000;
  let received = 0;
  while (Date.now() < deadline) {
    received = await page.evaluate(() => window.__bench.events);
    if (received >= plan.events) break;
    await page.waitForTimeout(500);
  }
  await page.waitForTimeout(2000); // the last throttled refetch
  peak = Math.max(peak, await used());
  await cdp.send('HeapProfiler.collectGarbage');
  const retained = await used();
  notes.push(
    `heap: ${plan.events} notes posted on ${targets.length} queue tickets (${failed} refused); the tab received ${received} events; JS heap ${start.toFixed(1)} MB after GC at start, peak ${peak.toFixed(1)} MB, ${retained.toFixed(1)} MB after GC at the end`,
  );
  await page.close();
  return { label: `queue tab after ${plan.events} live events: JS heap peak`, n: 1, total: peak };
}

const result = { browser: `Chromium ${browser.version()} (chromium-headless-shell)`, notes };
try {
  result.shell = await measureShell();
  const context = await newContext();
  const page = await context.newPage();
  await signIn(page, plan.agent);
  result.search = await measureSearch(page);
  result.queue = await measureLoads(page, 'queue: navigation → rows interactive', Array(plan.loads + WARMUP).fill('/console/tickets'), 'queue', '/api/support/tickets/\\?');
  const ticketPaths = plan.tickets.slice(0, plan.loads + WARMUP).map((id) => `/console/tickets/${id}`);
  result.ticket = await measureLoads(page, 'ticket: navigation → conversation rendered', ticketPaths, 'conversation', '/api/support/tickets/\\d+/$');
  const watcherToken = await token(plan.watcher);
  result.live = await measureLive(page, watcherToken);
  await page.close();
  result.heap = await measureHeap(context, watcherToken);
  await context.close();
} finally {
  await browser.close();
  writeFileSync(process.env.BENCH_OUT ?? 'console-bench.json', JSON.stringify(result, null, 2));
}
