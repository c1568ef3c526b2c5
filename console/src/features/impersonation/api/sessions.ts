/** Impersonation sessions: the approvers' inbox (pending), active sessions, history, one session with its requests,
 * the statistics; request, approve, reject and end. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@api/schema';
import { api, unwrap } from '@/lib/api';

export type Session = components['schemas']['ImpersonationOut'];
export type SessionDetail = components['schemas']['ImpersonationDetailOut'];
export type Issued = components['schemas']['ImpersonationTokenOut'];
export type ImpersonateIn = components['schemas']['ImpersonateIn'];
export type Stats = components['schemas']['ImpersonationStatsOut'];

export type ListKind = 'inbox' | 'active' | 'history';
const KEY = ['impersonation'] as const;

export function useSessions(kind: ListKind, filter: { impersonator?: number; target?: number } = {}, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'list', kind, filter],
    initialPageParam: undefined as string | undefined,
    enabled,
    refetchInterval: kind === 'history' ? false : 10_000,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/users/impersonate/', {
          params: {
            query: {
              pending: kind === 'inbox',
              active: kind === 'active',
              impersonator: filter.impersonator,
              target: filter.target,
              cursor: pageParam,
              limit: 25,
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** One session with every request made under it (its requester may read their own; re-read while it may change). */
export function useSession(id: number | null) {
  return useQuery<SessionDetail>({
    queryKey: [...KEY, 'one', id],
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && ['pending_approval', 'active'].includes(q.state.data.status) ? 3_000 : false),
    queryFn: ({ signal }): Promise<SessionDetail> =>
      unwrap(api.GET('/api/users/impersonate/{session_id}', { params: { path: { session_id: id ?? 0 } }, signal })),
  });
}

export function useStats() {
  return useQuery({
    queryKey: [...KEY, 'stats'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/users/impersonate/stats', { signal })),
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: KEY });
}

export function useRequestSession() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ImpersonateIn) => unwrap(api.POST('/api/users/impersonate/', { body })),
    onSuccess: refresh,
  });
}

export function useDecide() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, approve, text }: { id: number; approve: boolean; text: string }) =>
      approve
        ? unwrap(
            api.POST('/api/users/impersonate/{session_id}/approve', {
              params: { path: { session_id: id } },
              body: { totp_code: text || null },
            }),
          )
        : unwrap(
            api.POST('/api/users/impersonate/{session_id}/reject', { params: { path: { session_id: id } }, body: { note: text } }),
          ),
    onSuccess: refresh,
  });
}

export function useEndSession() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/users/impersonate/{session_id}/end', { params: { path: { session_id: id } } })),
    onSuccess: refresh,
  });
}
