/**
 * Seeing the platform as the learner: an approved session's token (shown once, when it was requested) kept in this
 * tab's memory only (never storage, never a cookie), and the learner-facing API read with it. These calls carry no
 * cookie, so the staff member's own session is untouched; the server records each of them with both people.
 */
import { useQuery } from '@tanstack/react-query';
import createFetchClient from 'openapi-fetch';
import { useSyncExternalStore } from 'react';
import type { paths } from '@api/schema';
import { unwrap } from '@/lib/api';

const tokens = new Map<number, string>();
const listeners = new Set<() => void>();
let snapshot: number[] = [];

function publish(): void {
  snapshot = [...tokens.keys()].sort((a, b) => b - a);
  for (const l of listeners) l();
}

/** Remember the token a request answered (the only time the server shows it). */
export function keepToken(sessionId: number, token: string): void {
  tokens.set(sessionId, token);
  publish();
}

export function forgetToken(sessionId: number): void {
  if (tokens.delete(sessionId)) publish();
}

/** The sessions this tab asked for and still holds a token of, newest first. */
export function useHeldSessions(): number[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
    () => snapshot,
  );
}

const learnerApi = createFetchClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'omit',
  fetch: (request: Request) => globalThis.fetch(request),
  headers: { Accept: 'application/json' },
});

function bearer(sessionId: number): { Authorization: string } {
  return { Authorization: `Bearer ${tokens.get(sessionId) ?? ''}` };
}

/** What the learner sees of themselves (with the impersonation block the banner shows) and their tickets. */
export function useLearnerView(sessionId: number, enabled: boolean) {
  const me = useQuery({
    queryKey: ['impersonation', 'as', sessionId, 'me'],
    enabled: enabled && tokens.has(sessionId),
    retry: false,
    queryFn: ({ signal }) => unwrap(learnerApi.GET('/api/auth/me', { headers: bearer(sessionId), signal })),
  });
  const tickets = useQuery({
    queryKey: ['impersonation', 'as', sessionId, 'tickets'],
    enabled: enabled && tokens.has(sessionId),
    retry: false,
    queryFn: ({ signal }) =>
      unwrap(learnerApi.GET('/api/support/my-tickets/', { headers: bearer(sessionId), params: { query: { limit: 10 } }, signal })),
  });
  return { me, tickets };
}
