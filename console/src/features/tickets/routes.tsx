import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { z } from 'zod';

import { queueSearch } from './model/search';

export const ticketSearch = z.object({
  /** Open the composer on arrival: from the queue's r (reply) and n (note) keys. */
  compose: z.enum(['reply', 'note']).optional().catch(undefined),
});

/** /tickets (the queue) and /tickets/$id (one ticket), both loaded on demand. */
export function ticketsRoutes<P extends AnyRoute>(parent: P) {
  const queue = createRoute({
    getParentRoute: () => parent,
    path: 'tickets',
    validateSearch: queueSearch,
    component: lazyRouteComponent(() => import('./components/QueuePage'), 'QueuePage'),
  });
  const ticket = createRoute({
    getParentRoute: () => parent,
    path: 'tickets/$id',
    params: {
      parse: (raw: Record<string, string>) => ({ id: z.coerce.number().int().positive().parse(raw['id']) }),
      stringify: (p: { id: number }) => ({ id: String(p.id) }),
    },
    validateSearch: ticketSearch,
    component: lazyRouteComponent(() => import('./components/TicketPage'), 'TicketPage'),
  });
  return [queue, ticket] as const;
}
