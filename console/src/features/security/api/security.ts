/** Security's server state: events (filtered, in cursor pages) and their resolution, MFA reset approvals, a
 * person's timeline, sign-in unblocking and the password policy. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@api/schema';
import { api, unwrap } from '@/lib/api';
import type { EventsSearch } from '../routes';

export type SecurityEvent = components['schemas']['SecurityEventOut'];
const KEY = ['security'] as const;

export function useEvents(search: EventsSearch) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'events', search],
    refetchInterval: 30_000,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/security/events/', {
          params: {
            query: {
              severity: search.severity,
              resolved: search.resolved,
              event_type: search.rule,
              user: search.user,
              cursor: pageParam,
              limit: 50,
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Resolve one or several events with the same note (each is its own audited change). */
export function useResolve() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, note }: { ids: number[]; note: string }) =>
      Promise.all(
        ids.map((id) =>
          unwrap(api.PATCH('/api/security/events/{event_id}/', { params: { path: { event_id: id } }, body: { resolved: true, note } })),
        ),
      ),
    onSettled: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMfaResets() {
  return useQuery({
    queryKey: [...KEY, 'mfa'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/security/mfa-resets/', { params: { query: { status: 'pending', limit: 100 } }, signal })),
  });
}

export function useApproveMfaReset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST('/api/security/mfa-resets/{request_id}/approve', { params: { path: { request_id: id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: [...KEY, 'mfa'] }),
  });
}

export function useTimeline(userId: number | undefined) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'timeline', userId],
    enabled: userId !== undefined,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/security/user-audit/{user_id}/', {
          params: { path: { user_id: userId ?? 0 }, query: { cursor: pageParam, limit: 50 } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useUnblock() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) => unwrap(api.POST('/api/users/profiles/{user_id}/unblock', { params: { path: { user_id: userId } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: [...KEY, 'timeline'] }),
  });
}

export function usePolicy() {
  return useQuery({ queryKey: [...KEY, 'policy'], queryFn: ({ signal }) => unwrap(api.GET('/api/security/password-policy', { signal })) });
}
