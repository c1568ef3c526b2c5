/**
 * The Ctrl/Cmd+K palette's registry (the dialog itself is PaletteDialog.tsx, loaded on demand): go to a learner (name, username, e-mail or #id, through the search API), a ticket by
 * its code, a screen, or run an action the current screen registered with `useRegisterActions`.
 */
import { useEffect, useSyncExternalStore } from 'react';

export type PaletteAction = {
  id: string;
  label: string;
  description?: string;
  /** Shown beside the label, e.g. "e" */
  shortcut?: string;
  run: () => void;
};

const registered = new Map<number, PaletteAction[]>();
const listeners = new Set<() => void>();
let snapshot: PaletteAction[] = [];
let nextId = 1;

function publish(): void {
  snapshot = [...registered.values()].flat();
  for (const l of listeners) l();
}

/** Offer `actions` in the palette while the calling screen is mounted (pass a memoised array). */
export function useRegisterActions(actions: PaletteAction[]): void {
  useEffect(() => {
    const id = nextId++;
    registered.set(id, actions);
    publish();
    return () => {
      registered.delete(id);
      publish();
    };
  }, [actions]);
}

/** The actions the mounted screens offer. */
export function usePaletteActions(): PaletteAction[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
    () => snapshot,
  );
}

let openRequested = false;
const openListeners = new Set<() => void>();

/** Open the palette (its UI loads on demand, after the shell). */
export function openPalette(): void {
  openRequested = true;
  for (const l of openListeners) l();
}

/** For the palette's UI: whether an open was asked for (and forget it). */
export function takeOpenRequest(): boolean {
  const asked = openRequested;
  openRequested = false;
  return asked;
}

export function onOpenRequest(listener: () => void): () => void {
  openListeners.add(listener);
  return () => openListeners.delete(listener);
}

