// What console.mjs puts in every page (an init script: clocks read inside the page) and its small helpers.

/** Runs at the start of every document. `window.__bench` counts live events and says when a screen is ready. */
export const INIT = () => {
  const bench = { events: 0, lastKey: 0, rows: [], first: {} };
  window.__bench = bench;
  performance.setResourceTimingBufferSize(100_000);
  const afterPaint = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });

  // every live event the console's EventSource hands to a listener
  const wrapped = new WeakMap();
  const add = EventSource.prototype.addEventListener;
  const remove = EventSource.prototype.removeEventListener;
  EventSource.prototype.addEventListener = function (type, listener, options) {
    if (type === 'open' || type === 'error' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const counted = function (event) {
      bench.events += 1;
      return listener.call(this, event);
    };
    wrapped.set(listener, counted);
    return add.call(this, type, counted, options);
  };
  EventSource.prototype.removeEventListener = function (type, listener, options) {
    return remove.call(this, type, wrapped.get(listener) ?? listener, options);
  };
  document.addEventListener('keydown', () => (bench.lastKey = performance.now()), true);

  const entry = (pattern) => {
    const re = new RegExp(pattern);
    return performance.getEntriesByType('resource').find((e) => re.test(e.name)) ?? null;
  };
  const waitFor = (test, ms = 30_000) =>
    new Promise((done, fail) => {
      const started = performance.now();
      const tick = () => {
        const value = test();
        if (value !== null && value !== undefined) done(value);
        else if (performance.now() - started > ms) fail(new Error('timed out'));
        else setTimeout(tick, 2);
      };
      tick();
    });

  // full loads: the first moment each screen's content is in the DOM, then after the next paint
  const CHECKS = {
    queue: () => [...document.querySelectorAll('a[href]')].some((a) => /\/console\/tickets\/\d+$/.test(a.getAttribute('href'))),
    conversation: () => document.querySelectorAll('section[aria-labelledby="conversation-title"] ol > li').length >= 2,
  };
  const observeLoads = () => {
    const observer = new MutationObserver(() => {
      for (const [kind, check] of Object.entries(CHECKS)) {
        if (bench.first[kind] || !check()) continue;
        const seen = performance.now();
        bench.first[kind] = { seen, ready: null };
        afterPaint((t) => (bench.first[kind].ready = t));
      }
    });
    observer.observe(document, { subtree: true, childList: true });
    setTimeout(() => observer.disconnect(), 60_000);
  };
  if (location.pathname.startsWith('/console/tickets')) observeLoads();

  bench.ready = async (kind, api) => {
    const first = await waitFor(() => (bench.first[kind]?.ready ? bench.first[kind] : null));
    const call = await waitFor(() => entry(api) ?? undefined, 5_000).catch(() => null);
    const api_ = call ? { api: call.responseEnd - call.startTime, apiStart: call.startTime, apiEnd: call.responseEnd } : {};
    return { ready: first.ready, seen: first.seen, api: null, apiStart: null, apiEnd: null, ...api_ };
  };

  // search: each change of the first result row, with the time it was painted
  bench.watchRows = () => {
    let last;
    const key = () => document.querySelector('table tbody tr a[href*="/learners/"]')?.getAttribute('href') ?? 'none';
    last = key();
    new MutationObserver(() => {
      const now = key();
      if (now === last) return;
      last = now;
      const row = { t: performance.now(), key: now, painted: null };
      bench.rows.push(row);
      afterPaint((t) => (row.painted = t));
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributeFilter: ['href'] });
  };
  bench.rendered = async (fragment, want) => {
    const lastKey = bench.lastKey;
    const match = (r) => r.t > lastKey && (want === 'none' ? r.key === 'none' : r.key.endsWith(want));
    const row = await waitFor(() => bench.rows.find((r) => match(r) && r.painted) ?? null, 10_000).catch(() => null);
    if (!row) return null;
    const call = await waitFor(() => {
      const found = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/users/profiles/') && new URL(e.name).searchParams.get('q') === fragment);
      return found.length ? found[found.length - 1] : null;
    }, 5_000);
    return { lastKey, requestStart: call.startTime, responseEnd: call.responseEnd, painted: row.painted };
  };

  // live: when a text first shows in the ticket's conversation (epoch ms, comparable across contexts)
  bench.expect = (marker) => {
    bench.pending = new Promise((done) => {
      const observer = new MutationObserver(() => {
        const section = document.querySelector('section[aria-labelledby="conversation-title"]');
        if (!section?.textContent?.includes(marker)) return;
        observer.disconnect();
        afterPaint((t) => done(performance.timeOrigin + t));
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  };
  bench.seen = () =>
    Promise.race([bench.pending, new Promise((_, fail) => setTimeout(() => fail(new Error('change not seen in 15 s')), 15_000))]);
};

/** Nearest-rank percentiles. */
function pct(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return { n: 0, p50: NaN, p95: NaN, max: NaN };
  return { n: sorted.length, p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted[sorted.length - 1] };
}

export function q(values) {
  const s = stats(values);
  return `${s.p50?.toFixed(0)}/${s.p95?.toFixed(0)}`;
}

/** Run `task(i)` for i in [0, count) with `width` at a time. */
export async function pool(count, width, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}
