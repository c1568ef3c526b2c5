import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { oneOf, idParam, searchParams } from '@/lib/search';

import { prefetchQueue, prefetchTicket } from './api/prefetch';
import { validateQueueSearch } from './model/search';

export const validateTicketSearch = searchParams({
  /** Open the composer on arrival: from the queue's r (reply) and n (note) keys. */
  compose: oneOf(['reply', 'note']),
});

/** /tickets (the queue) and /tickets/$id (one ticket), both loaded on demand; their loaders start the data's
 * requests with the code's (and on hover or focus of a link, as the router preloads on intent). */
export function ticketsRoutes<P extends AnyRoute>(parent: P) {
  const queue = createRoute({
    getParentRoute: () => parent,
    path: 'tickets',
    validateSearch: validateQueueSearch,
    loaderDeps: ({ search }) => search,
    loader: ({ context, deps }) => {
      void prefetchQueue((context as { queryClient: QueryClient }).queryClient, deps);
    },
    component: lazyRouteComponent(() => import('./components/QueuePage'), 'QueuePage'),
  });
  const ticket = createRoute({
    getParentRoute: () => parent,
    path: 'tickets/$id',
    params: {
      parse: (raw: Record<string, string>) => ({ id: idParam(raw['id']) }),
      stringify: (p: { id: number }) => ({ id: String(p.id) }),
    },
    validateSearch: validateTicketSearch,
    loader: ({ context, params }) => {
      void prefetchTicket((context as { queryClient: QueryClient }).queryClient, params.id);
    },
    component: lazyRouteComponent(() => import('./components/TicketPage'), 'TicketPage'),
  });
  return [queue, ticket] as const;
}
