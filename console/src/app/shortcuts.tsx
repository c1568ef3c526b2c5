/**
 * Global keyboard shortcuts and the `?` cheat sheet. Screen keys (j/k, e, …) are bound by their screens; those
 * registered through `useRegisterActions` with a `shortcut` appear in the sheet too.
 */
import { useMantineColorScheme } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import type { MessageKey } from '@/lib/i18n';
import { navItems } from './nav';
import { openPalette } from './palette';

/** Typing in a field never triggers a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export const GLOBAL: { keys: string; label: MessageKey }[] = [
  { keys: 'Ctrl/⌘ K', label: 'shortcuts.palette' },
  { keys: '?', label: 'shortcuts.help' },
  { keys: '/', label: 'shortcuts.search' },
  { keys: 'Shift D', label: 'shortcuts.scheme' },
];

export function useGlobalShortcuts(openHelp: () => void): void {
  const router = useRouter();
  const { toggleColorScheme } = useMantineColorScheme();
  const pendingG = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        openPalette();
        return;
      }
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        openHelp();
      } else if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-screen-search]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      } else if (e.key === 'D' && e.shiftKey) {
        toggleColorScheme();
      } else if (e.key === 'g') {
        pendingG.current = Date.now();
      } else if (Date.now() - pendingG.current < 1000) {
        pendingG.current = 0;
        const item = navItems(router).find((n) => n.hotkey === `g ${e.key}`);
        if (item) {
          e.preventDefault();
          void router.navigate({ href: item.href });
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, openHelp, toggleColorScheme]);
}

