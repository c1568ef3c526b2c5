/** Compliance's server state: the audit log and its checkpoints, the reports (pages on screen, CSV by link), privacy
 * requests and their decisions, legal holds and retention dry runs. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@api/schema';
import { api, unwrap } from '@/lib/api';
import type { AuditSearch, ReportSearch } from '../routes';

export type AuditEntry = components['schemas']['AuditEntryOut'];
export type PrivacyRequest = components['schemas']['PrivacyRequestOut'];
export type Stage = components['schemas']['Stage'];
export type ReportPage = components['schemas']['ReportOut'];
const KEY = ['compliance'] as const;

/** A day in the URL (YYYY-MM-DD) as the start of that day, or of the next one for an "until", in UTC. */
export function dayStart(day: string | undefined, next = false): string | undefined {
  if (!day) return undefined;
  const at = new Date(`${day}T00:00:00Z`);
  if (next) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString();
}

export function useAudit(search: AuditSearch) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'audit', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/audit/', {
          params: {
            query: {
              actor: search.actor,
              on_behalf_of: search.on_behalf_of,
              target_type: search.person ? 'user' : undefined,
              target_id: search.person ? String(search.person) : undefined,
              action: search.action,
              since: dayStart(search.since),
              until: dayStart(search.until, true),
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

export function useCheckpoints() {
  return useQuery({
    queryKey: [...KEY, 'checkpoints'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/audit/checkpoints', { params: { query: { limit: 10 } }, signal })),
  });
}

function reportQuery(search: ReportSearch) {
  return {
    actor_id: search.actor,
    person_id: search.person,
    action: search.action,
    since: dayStart(search.since),
    until: dayStart(search.until, true),
  };
}

export function useReport(search: ReportSearch) {
  const name = search.name ?? 'data-access';
  return useInfiniteQuery({
    queryKey: [...KEY, 'report', name, search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/compliance/reports/{name}', {
          params: { path: { name }, query: { ...reportQuery(search), cursor: pageParam, limit: 100 } },
          signal,
        }),
      ) as Promise<ReportPage>,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The report's CSV as a same-origin link (the browser downloads it with the session cookie; audited). */
export function reportCsvHref(search: ReportSearch): string {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(reportQuery(search))) if (v !== undefined) params.set(k, String(v));
  return `/api/compliance/reports/${search.name ?? 'data-access'}?${params.toString()}`;
}

export function usePrivacyRequests(stage: Stage | undefined, user: number | undefined) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'privacy', stage, user],
    initialPageParam: undefined as string | undefined,
    refetchInterval: 30_000,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/api/privacy/requests', { params: { query: { stage, user_id: user, cursor: pageParam, limit: 50 } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export type Decision = { id: number; verb: 'approve' | 'reject' | 'cancel'; reason: string };

export function usePrivacyDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, verb, reason }: Decision) => {
      const path = { params: { path: { request_id: id } } };
      if (verb === 'cancel') return unwrap(api.POST('/api/privacy/requests/{request_id}/cancel', path));
      if (verb === 'approve') return unwrap(api.POST('/api/privacy/requests/{request_id}/approve', { ...path, body: { reason } }));
      return unwrap(api.POST('/api/privacy/requests/{request_id}/reject', { ...path, body: { reason } }));
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: [...KEY, 'privacy'] }),
  });
}

export function useHolds(user: number | undefined) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'holds', user],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/api/privacy/holds', { params: { query: { user_id: user, cursor: pageParam, limit: 50 } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function usePlaceHold() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['LegalHoldIn']) => unwrap(api.POST('/api/privacy/holds', { body })),
    onSettled: () => void qc.invalidateQueries({ queryKey: [...KEY, 'holds'] }),
  });
}

export function useReleaseHold() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/privacy/holds/{hold_id}/release', { params: { path: { hold_id: id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: [...KEY, 'holds'] }),
  });
}

export function useDryRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/compliance/retention/dry-run')),
    onSettled: () => void qc.invalidateQueries({ queryKey: [...KEY, 'report', 'retention'] }),
  });
}
