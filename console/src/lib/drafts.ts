/**
 * Drafts in localStorage, one per form (`key`, e.g. `ticket-reply:42`): what a person typed survives a reload,
 * an expired session and a crash, until it is sent (`clear()`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';

const PREFIX = 'console-draft:';

export function readDraft<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the draft lives only in the form
  }
}

export function clearDraft(key: string): void {
  try {
    window.localStorage.removeItem(PREFIX + key);
  } catch {
    // nothing to clear
  }
}

/** Keep `value` as the draft of `key` (written 300 ms after the last change); on mount, a stored draft is
 * handed to `restore` once. `restored` says whether one was. */
export function useDraft<T>(key: string, value: T, restore: (draft: T) => void): { restored: boolean; clear: () => void } {
  const [restored, setRestored] = useState(false);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;
  const loaded = useRef<string | null>(null);
  useEffect(() => {
    if (loaded.current === key) return;
    loaded.current = key;
    const draft = readDraft<T>(key);
    if (draft !== null) {
      restoreRef.current(draft);
      setRestored(true);
    } else setRestored(false);
  }, [key]);
  useEffect(() => {
    if (loaded.current !== key) return undefined;
    const timer = setTimeout(() => writeDraft(key, value), 300);
    return () => clearTimeout(timer);
  }, [key, value]);
  const clear = useCallback(() => {
    clearDraft(key);
    setRestored(false);
  }, [key]);
  return { restored, clear };
}

/** A react-hook-form form's values as the draft of `key`. Call `clear()` after a successful submit. */
export function useFormDraft<T extends FieldValues>(key: string, form: UseFormReturn<T>): { restored: boolean; clear: () => void } {
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    const draft = readDraft<T>(key);
    if (draft !== null) {
      form.reset({ ...form.getValues(), ...draft });
      setRestored(true);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = form.watch((values) => {
      clearTimeout(timer);
      timer = setTimeout(() => writeDraft(key, values), 300);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [key]);
  const clear = useCallback(() => {
    clearDraft(key);
    setRestored(false);
  }, [key]);
  return { restored, clear };
}
