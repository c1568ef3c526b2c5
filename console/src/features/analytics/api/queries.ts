/**
 * The analytics screens' server state. Each screen's figures come from one request per chart (fewer: one answer
 * feeds several charts), all started together: the route's loader asks for them with the screen's code, so a
 * filter change is one round of parallel requests and never a waterfall.
 */
import { infiniteQueryOptions, keepPreviousData, type QueryClient } from '@tanstack/react-query';

import { $api, api, unwrap } from '@/lib/api';

import { comparisonOf, rangeOf, type AnalyticsSearch } from '../model/search';
import type { AtRiskPage } from './types';

/** Answers are cached a minute by the API too: keep them as long here. */
const FRESH = { staleTime: 60_000, placeholderData: keepPreviousData };

export function engagementOptions(s: AnalyticsSearch, range = rangeOf(s)) {
  const query = { from: range.from, to: range.to, interval: s.interval ?? 'day', segment: s.segment };
  return $api.queryOptions('get', '/api/analytics/engagement', { params: { query } }, FRESH);
}

export function engagementComparisonOptions(s: AnalyticsSearch) {
  const range = comparisonOf(rangeOf(s), s.compare);
  return range ? engagementOptions(s, range) : null;
}

export function journeysOptions(s: AnalyticsSearch) {
  const query = { ...rangeOf(s), course: s.course };
  return $api.queryOptions('get', '/api/analytics/journeys', { params: { query } }, FRESH);
}

export function cohortsOptions(s: AnalyticsSearch) {
  const query = {
    ...rangeOf(s),
    by: s.by ?? 'signup_month',
    period: s.period ?? 'month',
    segment: s.segment,
    compare: s.vs,
    n: s.n ?? 1,
  };
  // the API's default range for cohorts is the last six months: only a chosen range narrows it
  if (!s.from) delete (query as { from?: string }).from;
  if (!s.to) delete (query as { to?: string }).to;
  return $api.queryOptions('get', '/api/analytics/cohorts', { params: { query } }, FRESH);
}

export function supportOptions(s: AnalyticsSearch) {
  const { from, to } = rangeOf(s);
  const query = { from: `${from}T00:00:00Z`, to: `${to}T23:59:59Z`, group_by: s.interval ?? 'week' };
  return $api.queryOptions('get', '/api/support/analytics/', { params: { query } }, FRESH);
}

export function supportTrendsOptions(s: AnalyticsSearch) {
  return $api.queryOptions('get', '/api/analytics/support-trends', { params: { query: rangeOf(s) } }, FRESH);
}

/** Agents' names for the support figures (the answer names agents by id). */
export function agentNamesOptions() {
  return $api.queryOptions('get', '/api/support/agents/', { params: { query: { limit: 200 } } }, { staleTime: 300_000 });
}

const PAGE = 50;

export function atRiskOptions(s: AnalyticsSearch) {
  const query = { band: s.band, status: s.status, course: s.course, limit: PAGE };
  return infiniteQueryOptions({
    queryKey: ['analytics', 'at-risk', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }): Promise<AtRiskPage> =>
      unwrap(api.GET('/api/analytics/at-risk', { params: { query: { ...query, cursor: pageParam } }, signal })),
    getNextPageParam: (last: AtRiskPage) => last.next_cursor ?? undefined,
    staleTime: 30_000,
  });
}

/** Start a screen's requests (never throws: a failure is the screen's to show). */
export function prefetchScreen(qc: QueryClient, screen: string, s: AnalyticsSearch): void {
  if (screen === 'engagement') {
    void qc.prefetchQuery(engagementOptions(s));
    const cmp = engagementComparisonOptions(s);
    if (cmp) void qc.prefetchQuery(cmp);
  }
  if (screen === 'journeys') void qc.prefetchQuery(journeysOptions(s));
  if (screen === 'cohorts') void qc.prefetchQuery(cohortsOptions(s));
  if (screen === 'support') {
    void qc.prefetchQuery(supportOptions(s));
    void qc.prefetchQuery(supportTrendsOptions(s));
    void qc.prefetchQuery(agentNamesOptions());
  }
  if (screen === 'at-risk') void qc.prefetchInfiniteQuery(atRiskOptions(s));
}
