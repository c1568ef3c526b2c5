import { describe, expect, it } from 'vitest';

import type { TicketSummary } from '../api/types';
import { mergeSlices } from '../model/merge';
import { reconcile } from '../model/stableRows';

const t = (id: number, due: string | null) => ({ id, sla_next_due: due }) as TicketSummary;

describe('merging the default view’s slices', () => {
  it('orders by SLA due (none last), then id, and holds back what a slice with more pages could precede', () => {
    const mine = { items: [t(1, '2026-12-07T10:00:00Z'), t(2, '2026-12-07T12:00:00Z')], next: 'c1' };
    const team = { items: [t(3, '2026-12-07T11:00:00Z'), t(4, '2026-12-07T13:00:00Z'), t(5, null)], next: null };
    const merged = mergeSlices([mine, team]);
    expect(merged.items.map((x) => x.id)).toEqual([1, 3, 2]);
    expect(merged.more).toBe(true);
    expect(mergeSlices([{ ...mine, next: null }, team]).items.map((x) => x.id)).toEqual([1, 3, 2, 4, 5]);
  });

  it('shows a ticket in two slices once', () => {
    const a = { items: [t(1, null)], next: null };
    expect(mergeSlices([a, a]).items).toHaveLength(1);
  });
});

describe('reconcile', () => {
  it('counts departed, new and (paused) changed rows', () => {
    const shown = [{ id: 1, version: 1 }, { id: 2, version: 1 }];
    expect(reconcile(shown, [{ id: 2, version: 2 }, { id: 3 }], true)).toEqual({ rows: shown, pending: 3 });
    expect(reconcile(shown, [{ id: 2, version: 2 }, { id: 1, version: 1 }], false)).toEqual({
      rows: [{ id: 1, version: 1 }, { id: 2, version: 2 }],
      pending: 0,
    });
  });
});
