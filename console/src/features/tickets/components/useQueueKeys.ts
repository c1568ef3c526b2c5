/** The queue's keys: j/k move, Enter opens, a assigns to me, e escalates, r replies, n notes. Never while typing
 * in a field or with a modifier held (those belong to the browser and the palette). */
import { useEffect, useRef } from 'react';

import { isTyping } from '@/app/shortcuts';

interface Keys {
  move: (step: number) => void;
  open: (compose?: 'reply' | 'note') => void;
  assignToMe: () => void;
  escalate: () => void;
  enabled: boolean;
}

export function useQueueKeys(keys: Keys): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = latest.current;
      if (!k.enabled || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const act: Record<string, () => void> = {
        j: () => k.move(1),
        k: () => k.move(-1),
        a: k.assignToMe,
        e: k.escalate,
        r: () => k.open('reply'),
        n: () => k.open('note'),
      };
      if (e.key === 'Enter') {
        // a focused link opens itself; Enter elsewhere opens the selected ticket
        if (e.target instanceof HTMLAnchorElement || e.target instanceof HTMLButtonElement) return;
        e.preventDefault();
        k.open();
        return;
      }
      const run = act[e.key];
      if (run) {
        e.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
