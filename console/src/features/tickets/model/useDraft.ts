/** The composer's draft for one ticket, mirrored to localStorage on every change. */
import { useCallback, useEffect, useState } from 'react';

import { loadDraft, saveDraft, type ComposerMode, type Draft } from './draft';

export interface DraftState extends Draft {
  setText: (text: string) => void;
  setMode: (mode: ComposerMode) => void;
  /** Append a block (an inserted article) after what is there. */
  append: (block: string) => void;
  clear: () => void;
}

export function useDraft(ticketId: number): DraftState {
  const [draft, setDraft] = useState<Draft>(() => loadDraft(ticketId));
  useEffect(() => setDraft(loadDraft(ticketId)), [ticketId]);
  const update = useCallback(
    (next: (d: Draft) => Draft) =>
      setDraft((d) => {
        const n = next(d);
        saveDraft(ticketId, n);
        return n;
      }),
    [ticketId],
  );
  return {
    ...draft,
    setText: useCallback((text: string) => update((d) => ({ ...d, text })), [update]),
    setMode: useCallback((mode: ComposerMode) => update((d) => ({ ...d, mode })), [update]),
    append: useCallback(
      (block: string) => update((d) => ({ ...d, text: d.text.trim() ? `${d.text.trimEnd()}\n\n${block}` : block })),
      [update],
    ),
    clear: useCallback(() => update((d) => ({ mode: d.mode, text: '' })), [update]),
  };
}
