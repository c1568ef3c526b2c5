/** The queue's rows stay where they are while the data underneath changes: new and changed tickets are
 * counted ("N new, show") instead of moving the row under the agent's cursor. Pure, so it is easy to test. */

export interface Row {
  id: number;
  version?: number;
  updated_at?: string | null;
}

export interface Stable<T extends Row> {
  /** What the screen shows, in the order it was last shown. */
  rows: T[];
  /** Tickets that arrived, left or changed without being shown (the number in "N new, show"). */
  pending: number;
}

function stamp(r: Row): string {
  return `${r.version ?? ''}|${r.updated_at ?? ''}`;
}

/**
 * `shown` is the snapshot on screen, `fresh` the latest answer. Live (not paused): rows already shown take their
 * fresh values in place, rows that left the result stay until "show", and rows that are new are only counted.
 * Paused: nothing on screen changes; new, changed and departed rows are all counted.
 */
export function reconcile<T extends Row>(shown: T[], fresh: T[], paused: boolean): Stable<T> {
  const byId = new Map(fresh.map((r) => [r.id, r]));
  const shownIds = new Set(shown.map((r) => r.id));
  let pending = fresh.filter((r) => !shownIds.has(r.id)).length;
  const rows = shown.map((old) => {
    const now = byId.get(old.id);
    if (now === undefined) {
      pending += 1;
      return old;
    }
    if (stamp(now) === stamp(old)) return old;
    if (paused) {
      pending += 1;
      return old;
    }
    return now;
  });
  return { rows, pending };
}
