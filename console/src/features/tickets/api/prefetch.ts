/**
 * The desk's route loaders: they ask for a screen's data as the navigation starts, in parallel with the screen's
 * code, instead of from the screen's first render. The queue's default view needs the agent's teams, so the
 * session and the agents are asked for together and the queue right after both (not me → agents → queue).
 * Prefetching never throws: a failure is the screen's to show when it asks for the same query.
 */
import type { QueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api';

import { isDeskView, type QueueSearch } from '../model/search';
import { queueOptions } from './queue';
import { agentsOptions, ticketOptions } from './ticket';

/** The same query (key and options) as `useMe`. */
const meOptions = () => $api.queryOptions('get', '/api/auth/me', {}, { retry: false, staleTime: 60_000 });

async function myTeams(qc: QueryClient): Promise<string[] | undefined> {
  const [me, agents] = await Promise.allSettled([qc.ensureQueryData(meOptions()), qc.ensureQueryData(agentsOptions())]);
  if (me.status !== 'fulfilled') return undefined;
  // as on the screen: agents that cannot be read mean "no team" (every working ticket)
  return agents.status === 'fulfilled' ? agents.value.filter((a) => a.user_id === me.value.id).map((a) => a.team) : [];
}

export async function prefetchQueue(qc: QueryClient, search: QueueSearch): Promise<void> {
  const teams = isDeskView(search) ? await myTeams(qc) : [];
  if (teams === undefined) return;
  await qc.prefetchInfiniteQuery(queueOptions(search, teams));
}

export async function prefetchTicket(qc: QueryClient, id: number): Promise<void> {
  if (!Number.isInteger(id) || id <= 0) return;
  await Promise.allSettled([qc.prefetchQuery(ticketOptions(id)), qc.prefetchQuery(agentsOptions())]);
}
