/** The rows the queue shows, kept in place while live data changes underneath (see reconcile). */
import { useCallback, useMemo, useRef, useState } from 'react';

import { reconcile, type Row } from './stableRows';

export interface StableRows<T extends Row> {
  rows: T[];
  pending: number;
  /** Show the latest answer: new rows in, departed rows out, the API's order. */
  show: () => void;
  /** The next answer extends the list ("Load more"): its rows are appended, not announced. */
  expectMore: () => void;
}

/** `view` names the filters: a new view starts from its own first answer, with nothing announced. */
export function useStableRows<T extends Row>(fresh: T[] | undefined, paused: boolean, view: string): StableRows<T> {
  const [shown, setShown] = useState<{ view: string; rows: T[] } | null>(null);
  const extending = useRef(false);
  let base = shown;
  if (fresh !== undefined && (base === null || base.view !== view)) {
    base = { view, rows: fresh };
    setShown(base);
  } else if (fresh !== undefined && base !== null && extending.current && fresh.length > base.rows.length) {
    extending.current = false;
    const have = new Set(base.rows.map((r) => r.id));
    base = { view, rows: [...base.rows, ...fresh.filter((r) => !have.has(r.id))] };
    setShown(base);
  }
  const result = useMemo(
    () => (base === null || fresh === undefined ? { rows: base?.rows ?? [], pending: 0 } : reconcile(base.rows, fresh, paused)),
    [base, fresh, paused],
  );
  const show = useCallback(() => {
    if (fresh !== undefined) setShown({ view, rows: fresh });
  }, [fresh, view]);
  const expectMore = useCallback(() => {
    extending.current = true;
  }, []);
  return { ...result, show, expectMore };
}
