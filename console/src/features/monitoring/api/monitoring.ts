/** The monitoring area's server state: overview, live sessions, error groups, health, KPIs and alerts. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@api/schema';
import { api, unwrap } from '@/lib/api';
import { usePollWhileDown } from '@/lib/events';

import type { ErrorSearch, SessionSearch } from '../model/search';
import { parseTokens } from '../model/tokens';

export type Overview = components['schemas']['OverviewOut'];
export type MonitoredSession = components['schemas']['MonitoredSessionOut'];
export type SessionDetail = components['schemas']['SessionDetailOut'];
export type ErrorGroup = components['schemas']['GroupOut'];
export type GroupDetail = components['schemas']['GroupDetailOut'];
export type Alert = components['schemas']['AlertOut'];
export type Health = components['schemas']['HealthReportOut'];
export type RouteHealth = components['schemas']['RouteHealthOut'];
export type Kpis = components['schemas']['KpisOut'];
export type GroupStatus = components['schemas']['GroupStatus'];

export const MONITORING_KEY = ['monitoring'] as const;
export const groupKey = (id: number) => ['monitoring', 'group', id] as const;
const PAGE = 50;

export function useOverview() {
  const poll = usePollWhileDown();
  return useQuery({
    queryKey: ['monitoring', 'overview'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/monitoring/overview', { signal })),
    refetchInterval: poll,
  });
}

export function useSessions(search: SessionSearch) {
  const poll = usePollWhileDown();
  return useInfiniteQuery({
    queryKey: ['monitoring', 'sessions', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/monitoring/sessions/', {
          params: {
            query: {
              online: search.online,
              browser: search.browser,
              os: search.os,
              has_errors: search.errors,
              user: search.user,
              staff: search.staff,
              cursor: pageParam,
              limit: PAGE,
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: poll,
  });
}

export function useSession(id: number) {
  return useQuery({
    queryKey: ['monitoring', 'session', id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/monitoring/sessions/{session_id}', { params: { path: { session_id: id } }, signal })),
  });
}

export function useGroups(search: ErrorSearch) {
  const tokens = parseTokens(search.q ?? '');
  const status = search.tab === 'new' ? undefined : search.tab;
  return useInfiniteQuery({
    queryKey: ['monitoring', 'groups', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/monitoring/errors/', {
          params: {
            query: {
              status: tokens.status ?? status,
              new: search.tab === 'new' ? true : tokens.new,
              release: tokens.release,
              page: tokens.page,
              source: tokens.source,
              sort: search.sort,
              cursor: pageParam,
              limit: PAGE,
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useGroup(id: number) {
  return useQuery({
    queryKey: groupKey(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/monitoring/errors/{group_id}', { params: { path: { group_id: id } }, signal })),
  });
}

function useGroupMutation<T>(id: number, call: (body: T) => Promise<GroupDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (detail) => {
      qc.setQueryData(groupKey(id), detail);
      void qc.invalidateQueries({ queryKey: ['monitoring', 'groups'] });
    },
  });
}

export function useChangeGroup(id: number) {
  return useGroupMutation(id, (body: components['schemas']['GroupPatchIn']) =>
    unwrap(api.PATCH('/api/monitoring/errors/{group_id}', { params: { path: { group_id: id } }, body })),
  );
}

export function useMergeGroup(id: number) {
  return useGroupMutation(id, (other: number) =>
    unwrap(api.POST('/api/monitoring/errors/{group_id}/merge', { params: { path: { group_id: id } }, body: { group_id: other } })),
  );
}

export function useGroupTicket(id: number) {
  return useGroupMutation(id, (userId: number | null) =>
    unwrap(api.POST('/api/monitoring/errors/{group_id}/ticket', { params: { path: { group_id: id } }, body: { user_id: userId } })),
  );
}

export function useHealth() {
  const poll = usePollWhileDown();
  return useQuery({
    queryKey: ['monitoring', 'health'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/monitoring/health', { signal })),
    refetchInterval: poll || 15_000,
  });
}

export function useKpis() {
  return useQuery({
    queryKey: ['monitoring', 'kpis'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/monitoring/kpis', { signal })),
  });
}

export function useAlerts() {
  const poll = usePollWhileDown();
  return useInfiniteQuery({
    queryKey: ['monitoring', 'alerts'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/api/monitoring/alerts/', { params: { query: { cursor: pageParam, limit: PAGE } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: poll,
  });
}

/** The support desk's figures for the KPI screen (needs `support.analytics`). */
export function useSupportAnalytics(enabled: boolean) {
  return useQuery({
    queryKey: ['monitoring', 'support-analytics'],
    enabled,
    queryFn: ({ signal }) => unwrap(api.GET('/api/support/analytics/', { params: { query: { group_by: 'week' } }, signal })),
  });
}

/** Impersonation use over the last 30 days (needs `impersonation.read`). */
export function useImpersonationStats(enabled: boolean) {
  return useQuery({
    queryKey: ['monitoring', 'impersonation-stats'],
    enabled,
    queryFn: ({ signal }) => unwrap(api.GET('/api/users/impersonate/stats', { signal })),
  });
}
