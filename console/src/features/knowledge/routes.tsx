import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { bool, idParam, searchParams } from '@/lib/search';

import { validateArticleSearch } from './model/search';

export const validateArticlePageSearch = searchParams({
  edit: bool(),
});

/** /knowledge-base (search) and /knowledge-base/$id (read, vote, edit), both loaded on demand. */
export function knowledgeRoutes<P extends AnyRoute>(parent: P) {
  const list = createRoute({
    getParentRoute: () => parent,
    path: 'knowledge-base',
    validateSearch: validateArticleSearch,
    component: lazyRouteComponent(() => import('./components/ArticlesPage'), 'ArticlesPage'),
  });
  const article = createRoute({
    getParentRoute: () => parent,
    path: 'knowledge-base/$id',
    params: {
      parse: (raw: Record<string, string>) => ({ id: idParam(raw['id']) }),
      stringify: (p: { id: number }) => ({ id: String(p.id) }),
    },
    validateSearch: validateArticlePageSearch,
    component: lazyRouteComponent(() => import('./components/ArticlePage'), 'ArticlePage'),
  });
  return [list, article] as const;
}
