import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { z } from 'zod';

import { articleSearch } from './model/search';

export const articlePageSearch = z.object({
  edit: z.boolean().optional().catch(undefined),
});

/** /knowledge-base (search) and /knowledge-base/$id (read, vote, edit), both loaded on demand. */
export function knowledgeRoutes<P extends AnyRoute>(parent: P) {
  const list = createRoute({
    getParentRoute: () => parent,
    path: 'knowledge-base',
    validateSearch: articleSearch,
    component: lazyRouteComponent(() => import('./components/ArticlesPage'), 'ArticlesPage'),
  });
  const article = createRoute({
    getParentRoute: () => parent,
    path: 'knowledge-base/$id',
    params: {
      parse: (raw: Record<string, string>) => ({ id: z.coerce.number().int().positive().parse(raw['id']) }),
      stringify: (p: { id: number }) => ({ id: String(p.id) }),
    },
    validateSearch: articlePageSearch,
    component: lazyRouteComponent(() => import('./components/ArticlePage'), 'ArticlePage'),
  });
  return [list, article] as const;
}
