/** One ticket's server state and the changes an agent makes to it. Every change answers the ticket (or its new
 * version), which goes straight into the cache; the queue is refreshed behind it. */
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api';

import { QUEUE_KEY } from './queue';
import type { Agent, Ticket, TicketPatch, UpdateType } from './types';

export const ticketKey = (id: number) => ['desk', 'ticket', id] as const;
export const AGENTS_KEY = ['desk', 'agents'] as const;

export function ticketOptions(id: number) {
  return queryOptions({ queryKey: ticketKey(id), queryFn: ({ signal }) => fetchTicket(id, signal) });
}

export function useTicket(id: number) {
  return useQuery(ticketOptions(id));
}

/** Every agent with their team, load and availability (a desk has tens of agents: all pages are read). */
export function agentsOptions(enabled = true) {
  return queryOptions({
    queryKey: AGENTS_KEY,
    enabled,
    staleTime: 30_000,
    queryFn: async ({ signal }) => {
      const all: Agent[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i += 1) {
        const page = await unwrap(api.GET('/api/support/agents/', { params: { query: { limit: 200, cursor } }, signal }));
        all.push(...page.items);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      return all;
    },
  });
}

export function useAgents(enabled = true) {
  return useQuery(agentsOptions(enabled));
}

export function useSuggestions(id: number) {
  return useQuery({
    queryKey: ['desk', 'suggestions', id],
    staleTime: 60_000,
    queryFn: async ({ signal }) =>
      await unwrap(api.GET('/api/support/tickets/{ticket_id}/suggestions', { params: { path: { ticket_id: id } }, signal })),
  });
}

function settle(qc: QueryClient, ticket: Ticket): void {
  qc.setQueryData(ticketKey(ticket.id), ticket);
  void qc.invalidateQueries({ queryKey: QUEUE_KEY });
  void qc.invalidateQueries({ queryKey: AGENTS_KEY });
}

export async function fetchTicket(id: number, signal?: AbortSignal): Promise<Ticket> {
  return await unwrap(api.GET('/api/support/tickets/{ticket_id}/', { params: { path: { ticket_id: id } }, signal }));
}

/** PATCH with the version the agent read; a stale one is a 409 `stale_ticket` for the conflict panel. */
export function usePatchTicket(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: TicketPatch) =>
      await unwrap(api.PATCH('/api/support/tickets/{ticket_id}/', { params: { path: { ticket_id: id } }, body })),
    onSuccess: (ticket) => settle(qc, ticket),
  });
}

/** "Assign to me" from the queue, whose rows carry no version: read the ticket, then change it. */
export function useAssignToMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, me }: { id: number; me: number }) => {
      const current = await qc.fetchQuery({ queryKey: ticketKey(id), queryFn: () => fetchTicket(id), staleTime: 0 });
      const body = { assigned_to: me, version: current.version };
      return await unwrap(api.PATCH('/api/support/tickets/{ticket_id}/', { params: { path: { ticket_id: id } }, body }));
    },
    onSuccess: (ticket) => settle(qc, ticket),
  });
}

export function useEscalate(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) =>
      await unwrap(api.POST('/api/support/tickets/{ticket_id}/escalate', {
          params: { path: { ticket_id: id } },
          body: { reason },
        }),
      ),
    onSuccess: (ticket) => settle(qc, ticket),
  });
}

export function useLinkArticle(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (articleId: number) =>
      await unwrap(api.POST('/api/support/tickets/{ticket_id}/articles', {
          params: { path: { ticket_id: id } },
          body: { article_id: articleId },
        }),
      ),
    onSuccess: (ticket) => settle(qc, ticket),
  });
}

/** A reply (comment, e-mailed to the learner) or an internal note. The answer carries the update and the
 * ticket's new version: the cached ticket takes both at once, so the next PATCH is not stale. */
export function usePostUpdate(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { content: string; update_type: UpdateType }) =>
      await unwrap(api.POST('/api/support/tickets/{ticket_id}/updates/', { params: { path: { ticket_id: id } }, body: v })),
    onSuccess: (posted) => {
      qc.setQueryData<Ticket>(ticketKey(id), (t) =>
        t && !t.updates.some((u) => u.id === posted.update.id)
          ? { ...t, version: posted.ticket_version, updates: [...t.updates, posted.update] }
          : t,
      );
      void qc.invalidateQueries({ queryKey: ticketKey(id) });
      void qc.invalidateQueries({ queryKey: QUEUE_KEY });
    },
  });
}

/** A heartbeat: "I am looking at this ticket" (others see it for 30 seconds), and with `typing`, "I am writing in
 * its composer". */
export async function markPresence(id: number, typing = false): Promise<void> {
  const params = { path: { ticket_id: id } };
  await api.POST('/api/support/tickets/{ticket_id}/presence', typing ? { params, body: { typing: true } } : { params });
}
