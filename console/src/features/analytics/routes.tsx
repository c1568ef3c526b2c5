import type { QueryClient } from '@tanstack/react-query';
import { createRoute, lazyRouteComponent, redirect, type AnyRoute } from '@tanstack/react-router';

import { prefetchScreen } from './api/queries';
import { validateAnalyticsSearch } from './model/search';

export const ANALYTICS_SCREENS = ['engagement', 'journeys', 'cohorts', 'at-risk', 'support'] as const;
export type AnalyticsScreen = (typeof ANALYTICS_SCREENS)[number];

const PAGES = {
  engagement: lazyRouteComponent(() => import('./components/EngagementPage'), 'EngagementPage'),
  journeys: lazyRouteComponent(() => import('./components/JourneysPage'), 'JourneysPage'),
  cohorts: lazyRouteComponent(() => import('./components/CohortsPage'), 'CohortsPage'),
  'at-risk': lazyRouteComponent(() => import('./components/AtRiskPage'), 'AtRiskPage'),
  support: lazyRouteComponent(() => import('./components/SupportPage'), 'SupportPage'),
} as const;

/** /analytics/… : the layout (screens' tabs and the shared filters) and one route per dashboard, each loaded on
 * demand; a route's loader starts its dashboard's requests with its code (one round, in parallel). */
export function analyticsRoutes<P extends AnyRoute>(parent: P) {
  const layout = createRoute({
    getParentRoute: () => parent,
    path: 'analytics',
    validateSearch: validateAnalyticsSearch,
    component: lazyRouteComponent(() => import('./components/AnalyticsLayout'), 'AnalyticsLayout'),
  });
  const index = createRoute({
    getParentRoute: () => layout,
    path: '/',
    beforeLoad: ({ search }) => {
      throw redirect({ to: '/analytics/engagement', search: search as never, replace: true });
    },
  });
  const screens = ANALYTICS_SCREENS.map((screen) =>
    createRoute({
      getParentRoute: () => layout,
      path: screen,
      loaderDeps: ({ search }) => search,
      loader: ({ context, deps }) => {
        prefetchScreen((context as { queryClient: QueryClient }).queryClient, screen, deps);
      },
      component: PAGES[screen],
    }),
  );
  return [layout.addChildren([index, ...screens])] as const;
}
