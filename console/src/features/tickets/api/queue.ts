/** The queue's server state: one or several slices of GET /api/support/tickets/, merged in SLA order. */
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import { api, unwrap } from '@/lib/api';

import { mergeSlices, type Merged, type Slice } from '../model/merge';
import { isDeskView, WORKING, type QueueSearch } from '../model/search';
import type { QueueQuery } from './types';

export const QUEUE_KEY = ['desk', 'queue'] as const;
const PAGE = 50;

/** The slices a view reads: the default view is "mine" plus "unassigned" in each of my teams. */
export function slicesFor(search: QueueSearch, myTeams: string[]): QueueQuery[] {
  const desk = isDeskView(search);
  const common: QueueQuery = {
    limit: PAGE,
    status: search.status ?? (desk ? WORKING : undefined),
    priority: search.priority,
    category: search.category,
    tags: search.tags,
    sla_state: search.sla,
    q: search.q,
  };
  if (!desk) return [{ ...common, assigned_to: search.assignee, team: search.team }];
  // someone who is not an agent (an admin, a reader) has no team: the default view is every working ticket
  if (myTeams.length === 0) return [common];
  return [{ ...common, assigned_to: 'me' }, ...myTeams.map((team) => ({ ...common, assigned_to: 'none', team }))];
}

type Cursors = (string | null)[];
interface Round {
  slices: Slice[];
}

async function fetchRound(queries: QueueQuery[], cursors: Cursors | undefined, signal: AbortSignal): Promise<Round> {
  const slices = await Promise.all(
    queries.map(async (query, i) => {
      const cursor = cursors?.[i];
      if (cursors !== undefined && cursor === null) return { items: [], next: null };
      const page = await unwrap(api.GET('/api/support/tickets/', { params: { query: { ...query, cursor: cursor ?? undefined } }, signal }),
      );
      return { items: page.items, next: page.next_cursor };
    }),
  );
  return { slices };
}

export interface QueueData extends Merged {
  isPending: boolean;
  error: unknown;
  loadMore: () => void;
  loadingMore: boolean;
  refetch: () => void;
}

/** The query of a view's first slices: shared by the screen and the route's loader (which asks before the screen's
 * code has loaded). */
export function queueOptions(search: QueueSearch, myTeams: string[] | undefined, poll: number | false = false) {
  const queries = slicesFor(search, myTeams ?? []);
  return infiniteQueryOptions({
    queryKey: [...QUEUE_KEY, queries],
    enabled: myTeams !== undefined || !isDeskView(search),
    refetchInterval: poll,
    initialPageParam: undefined as Cursors | undefined,
    queryFn: ({ pageParam, signal }) => fetchRound(queries, pageParam, signal),
    getNextPageParam: (last: Round): Cursors | undefined =>
      last.slices.some((s) => s.next !== null) ? last.slices.map((s) => s.next) : undefined,
  });
}

export function useQueue(search: QueueSearch, myTeams: string[] | undefined, poll: number | false = false): QueueData {
  const options = queueOptions(search, myTeams, poll);
  const queries = slicesFor(search, myTeams ?? []);
  const q = useInfiniteQuery(options);
  const merged = useMemo<Merged>(() => {
    const pages = q.data?.pages ?? [];
    const slices: Slice[] = queries.map((_, i) => ({
      items: pages.flatMap((p) => p.slices[i]?.items ?? []),
      next: pages.length ? (pages[pages.length - 1]?.slices[i]?.next ?? null) : null,
    }));
    return mergeSlices(slices);
  }, [q.data, queries.length]);
  return {
    ...merged,
    isPending: q.isPending,
    error: q.error,
    loadMore: () => void q.fetchNextPage(),
    loadingMore: q.isFetchingNextPage,
    refetch: () => void q.refetch(),
  };
}
