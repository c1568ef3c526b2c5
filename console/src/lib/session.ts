/**
 * Where the browser session stands: 'unknown' until /api/auth/me answers, 'signed-in', 'signed-out' (never
 * signed in on this tab, or signed out on purpose) or 'expired' (a request got 401 after a sign-in: the shell
 * asks to sign in again in a modal, so nothing on screen is lost).
 */
import { useSyncExternalStore } from 'react';

export type SessionState = 'unknown' | 'signed-in' | 'signed-out' | 'expired';

let state: SessionState = 'unknown';
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

export const session = {
  get: (): SessionState => state,
  signedIn: (): void => set('signed-in'),
  signedOut: (): void => set('signed-out'),
  /** A 401 arrived: only a session that was signed in can expire; otherwise the person is simply signed out. */
  unauthorised: (): void => set(state === 'signed-in' || state === 'expired' ? 'expired' : 'signed-out'),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Tests only: back to the first state. */
  reset: (): void => set('unknown'),
};

export function useSessionState(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}
