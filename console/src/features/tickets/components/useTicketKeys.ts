/** A ticket's keys: r reply, n internal note, a assign to me, e escalate (never while typing or in a dialog). */
import { useEffect, useRef } from 'react';

import { isTyping } from '@/app/shortcuts';

interface Keys {
  enabled: boolean;
  reply: () => void;
  note: () => void;
  assignToMe: () => void;
  escalate: () => void;
}

export function useTicketKeys(keys: Keys): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = latest.current;
      if (!k.enabled || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const run = { r: k.reply, n: k.note, a: k.assignToMe, e: k.escalate }[e.key];
      if (run) {
        e.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
