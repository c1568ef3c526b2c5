import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { idParam } from '@/lib/search';
import { validateHistorySearch, validateWizardSearch } from './model/search';

/** /bulk (approvals and history), /bulk/new (the wizard) and /bulk/$id (one operation, live), loaded on demand. */
export function bulkRoutes<P extends AnyRoute>(parent: P) {
  const history = createRoute({
    getParentRoute: () => parent,
    path: 'bulk',
    validateSearch: validateHistorySearch,
    component: lazyRouteComponent(() => import('./components/HistoryPage'), 'HistoryPage'),
  });
  const wizard = createRoute({
    getParentRoute: () => parent,
    path: 'bulk/new',
    validateSearch: validateWizardSearch,
    component: lazyRouteComponent(() => import('./components/WizardPage'), 'WizardPage'),
  });
  const one = createRoute({
    getParentRoute: () => parent,
    path: 'bulk/$id',
    params: {
      parse: (raw: Record<string, string>) => ({ id: idParam(raw['id']) }),
      stringify: (p: { id: number }) => ({ id: String(p.id) }),
    },
    component: lazyRouteComponent(() => import('./components/OperationPage'), 'OperationPage'),
  });
  return [history, wizard, one] as const;
}
