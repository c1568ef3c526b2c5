/** Alerts by state, acknowledge and mute, and the alert rules (list, edit). */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@api/schema';
import { api, unwrap } from '@/lib/api';
import { usePollWhileDown } from '@/lib/events';

export type AlertState = components['schemas']['AlertState'];
export type AlertRule = components['schemas']['AlertRuleOut'];
export type AlertRuleIn = components['schemas']['AlertRuleIn'];
const PAGE = 50;

export function useAlertsIn(state: AlertState) {
  const poll = usePollWhileDown();
  return useInfiniteQuery({
    queryKey: ['monitoring', 'alerts', state],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/api/monitoring/alerts/', { params: { query: { cursor: pageParam, limit: PAGE, state } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: poll,
  });
}

function useAlertAction<T>(call: (vars: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => void qc.invalidateQueries({ queryKey: ['monitoring', 'alerts'] }) });
}

export function useAcknowledge() {
  return useAlertAction((id: number) => unwrap(api.POST('/api/monitoring/alerts/{alert_id}/acknowledge', { params: { path: { alert_id: id } } })));
}

/** minutes: null mutes until the alert is resolved. */
export function useMute() {
  return useAlertAction(({ id, minutes }: { id: number; minutes: number | null }) =>
    unwrap(api.POST('/api/monitoring/alerts/{alert_id}/mute', { params: { path: { alert_id: id } }, body: minutes === null ? {} : { minutes } })),
  );
}

export function useAlertRules() {
  return useQuery({
    queryKey: ['monitoring', 'alert-rules'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/monitoring/alert-rules/', { signal })),
  });
}

export function useUpdateRule(rule: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertRuleIn) => unwrap(api.PUT('/api/monitoring/alert-rules/{rule}', { params: { path: { rule } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['monitoring', 'alert-rules'] }),
  });
}
