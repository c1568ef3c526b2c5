/** The default view reads several queue slices (mine, and unassigned in each of my teams), each a keyset-paged
 * list in the API's order (next SLA due, nulls last, then id). Merging them keeps that order: an item is shown
 * only once no slice with more pages could still hold an item that sorts before it. */
import type { TicketSummary } from '../api/types';

const FAR = Number.POSITIVE_INFINITY;

export function dueKey(t: Pick<TicketSummary, 'sla_next_due' | 'id'>): [number, number] {
  return [t.sla_next_due ? Date.parse(t.sla_next_due) : FAR, t.id];
}

export function compareDue(
  a: Pick<TicketSummary, 'sla_next_due' | 'id'>,
  b: Pick<TicketSummary, 'sla_next_due' | 'id'>,
): number {
  const [ad, ai] = dueKey(a);
  const [bd, bi] = dueKey(b);
  if (ad !== bd) return ad < bd ? -1 : 1;
  return ai - bi;
}

export interface Slice {
  items: TicketSummary[];
  /** null once the slice has no more pages */
  next: string | null;
}

export interface Merged {
  items: TicketSummary[];
  /** some slice has more pages */
  more: boolean;
}

export function mergeSlices(slices: Slice[]): Merged {
  const seen = new Set<number>();
  const all: TicketSummary[] = [];
  for (const s of slices) {
    for (const t of s.items) {
      if (!seen.has(t.id)) {
        seen.add(t.id);
        all.push(t);
      }
    }
  }
  all.sort(compareDue);
  // the frontier: the smallest last key among slices that have more pages
  let frontier: TicketSummary | undefined;
  for (const s of slices) {
    const last = s.items[s.items.length - 1];
    if (s.next !== null && last !== undefined && (frontier === undefined || compareDue(last, frontier) < 0)) {
      frontier = last;
    }
  }
  const more = slices.some((s) => s.next !== null);
  if (frontier === undefined) return { items: all, more };
  const edge = frontier;
  return { items: all.filter((t) => compareDue(t, edge) <= 0), more };
}
