import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { num, oneOf, searchParams } from '@/lib/search';

export const TABS = ['request', 'inbox', 'active', 'history', 'stats'] as const;
export type ImpersonationTab = (typeof TABS)[number];

export const validateImpersonationSearch = searchParams({
  tab: oneOf(TABS),
  /** Prefill the request form (from a learner's profile or a ticket). */
  learner: num(1, Number.MAX_SAFE_INTEGER, true),
  ticket: num(1, Number.MAX_SAFE_INTEGER, true),
  /** History filters. */
  staff: num(1, Number.MAX_SAFE_INTEGER, true),
  target: num(1, Number.MAX_SAFE_INTEGER, true),
});
export type ImpersonationSearch = ReturnType<typeof validateImpersonationSearch>;

/** /impersonation: request, the approvers' inbox, active sessions, history and statistics (one screen, tab in the URL). */
export function impersonationRoutes<P extends AnyRoute>(parent: P) {
  const page = createRoute({
    getParentRoute: () => parent,
    path: 'impersonation',
    validateSearch: validateImpersonationSearch,
    component: lazyRouteComponent(() => import('./components/ImpersonationPage'), 'ImpersonationPage'),
  });
  return [page] as const;
}
