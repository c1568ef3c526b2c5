import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { band, countByBand, isOpen } from '../model/health';
import { decodeReplay } from '../model/replay';
import { timeline } from '../model/timeline';
import { parseTokens, splitTokens } from '../model/tokens';

describe('error search tokens', () => {
  it('maps the tokens the API filters by and keeps the rest', () => {
    expect(parseTokens('is:regressed release:web@1.4.0 page:"/courses/a b" source:server browser:Chrome oops')).toEqual({
      status: 'regressed',
      release: 'web@1.4.0',
      page: '/courses/a b',
      source: 'server',
      rest: ['browser:Chrome', 'oops'],
    });
    expect(parseTokens('is:new')).toEqual({ new: true, rest: [] });
    expect(parseTokens('is:ongoing source:nowhere release:')).toEqual({ new: false, rest: ['source:nowhere', 'release:'] });
    expect(splitTokens('  a  b:"c d"  ')).toEqual(['a', 'b:"c d"']);
  });
});

describe('health bands and open alerts', () => {
  it('bands scores as the KPIs do (80+, 50-79, under 50)', () => {
    expect([100, 80, 79, 50, 49, 0].map(band)).toEqual(['good', 'good', 'fair', 'fair', 'poor', 'poor']);
    expect(countByBand([{ health: 90 }, { health: 60 }, { health: 10 }, { health: 99 }])).toEqual({ good: 2, fair: 1, poor: 1 });
  });

  it('an alert is open for 30 minutes after its last firing', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(isOpen({ last_seen_at: '2026-03-01T09:31:00Z' }, now)).toBe(true);
    expect(isOpen({ last_seen_at: '2026-03-01T09:30:00Z' }, now)).toBe(false);
  });
});

describe('session timeline', () => {
  it('merges pages, errors and slow calls in time order', () => {
    const entries = timeline({
      pages: [{ at: '2026-03-01T10:00:00Z', url: 'https://x/a', title: 'A' }],
      errors: [{ at: '2026-03-01T10:02:00Z', group_id: 4, error_type: 'TypeError', message: 'x is undefined' }],
      slow_calls: [{ at: '2026-03-01T10:01:00Z', route: '/api/x', duration_ms: 2400 }],
    });
    expect(entries.map((e) => e.kind)).toEqual(['page', 'slow', 'error']);
  });
});

describe('replay chunks', () => {
  const chunk = (seq: number, events: unknown) => ({ seq, data: gzipSync(JSON.stringify(events)).toString('base64') });

  it('decodes gzip chunks in seq order and skips one that does not decode', async () => {
    const events = await decodeReplay([
      chunk(1, [{ type: 3, timestamp: 30 }]),
      { seq: 2, data: 'bm90IGd6aXA=' },
      chunk(0, [{ type: 4, timestamp: 10 }, { type: 2, timestamp: 20 }]),
    ]);
    expect(events.map((e) => (e as { timestamp: number }).timestamp)).toEqual([10, 20, 30]);
  });
});
