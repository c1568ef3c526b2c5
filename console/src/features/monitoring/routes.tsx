import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { idParam } from '@/lib/search';

import { validateAlertSearch, validateErrorSearch, validateRuleSearch, validateSessionSearch } from './model/search';

const idParams = {
  parse: (raw: Record<string, string>) => ({ id: idParam(raw['id']) }),
  stringify: (p: { id: number }) => ({ id: String(p.id) }),
};

/** /monitoring and its screens (dashboard, sessions, errors, health, alerts, KPIs), each loaded on demand. */
export function monitoringRoutes<P extends AnyRoute>(parent: P) {
  const at = (path: string, load: () => Promise<Record<string, unknown>>, name: string) =>
    createRoute({ getParentRoute: () => parent, path, component: lazyRouteComponent(load as never, name as never) });
  const dashboard = at('monitoring', () => import('./components/DashboardPage'), 'DashboardPage');
  const sessions = createRoute({
    getParentRoute: () => parent,
    path: 'monitoring/sessions',
    validateSearch: validateSessionSearch,
    component: lazyRouteComponent(() => import('./components/SessionsPage'), 'SessionsPage'),
  });
  const session = createRoute({
    getParentRoute: () => parent,
    path: 'monitoring/sessions/$id',
    params: idParams,
    component: lazyRouteComponent(() => import('./components/SessionPage'), 'SessionPage'),
  });
  const errors = createRoute({
    getParentRoute: () => parent,
    path: 'monitoring/errors',
    validateSearch: validateErrorSearch,
    component: lazyRouteComponent(() => import('./components/ErrorsPage'), 'ErrorsPage'),
  });
  const error = createRoute({
    getParentRoute: () => parent,
    path: 'monitoring/errors/$id',
    params: idParams,
    component: lazyRouteComponent(() => import('./components/ErrorPage'), 'ErrorPage'),
  });
  const health = at('monitoring/health', () => import('./components/HealthPage'), 'HealthPage');
  const alerts = createRoute({
    getParentRoute: () => parent,
    path: 'monitoring/alerts',
    validateSearch: validateAlertSearch,
    component: lazyRouteComponent(() => import('./components/AlertsPage'), 'AlertsPage'),
  });
  const rules = createRoute({
    getParentRoute: () => parent,
    path: 'monitoring/alerts/rules',
    validateSearch: validateRuleSearch,
    component: lazyRouteComponent(() => import('./components/AlertRulesPage'), 'AlertRulesPage'),
  });
  const kpis = at('monitoring/kpis', () => import('./components/KpisPage'), 'KpisPage');
  return [dashboard, sessions, session, errors, error, health, alerts, rules, kpis] as const;
}
