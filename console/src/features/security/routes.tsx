import { createRoute, lazyRouteComponent, redirect, type AnyRoute } from '@tanstack/react-router';
import { bool, num, oneOf, searchParams, str } from '@/lib/search';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const validateEventsSearch = searchParams({
  severity: oneOf(SEVERITIES),
  resolved: bool(),
  rule: str(100),
  user: num(1, Number.MAX_SAFE_INTEGER, true),
});
export type EventsSearch = ReturnType<typeof validateEventsSearch>;
export const validatePersonSearch = searchParams({ user: num(1, Number.MAX_SAFE_INTEGER, true) });

/** /security/events (triage), /security/mfa-resets, /security/person (timeline, unblock), /security/policy. */
export function securityRoutes<P extends AnyRoute>(parent: P) {
  const area = createRoute({
    getParentRoute: () => parent,
    path: 'security',
    component: lazyRouteComponent(() => import('./components/SecurityLayout'), 'SecurityLayout'),
  });
  const index = createRoute({
    getParentRoute: () => area,
    path: '/',
    beforeLoad: () => {
      throw redirect({ to: '/security/events', search: { resolved: false }, replace: true });
    },
  });
  const events = createRoute({
    getParentRoute: () => area,
    path: 'events',
    validateSearch: validateEventsSearch,
    component: lazyRouteComponent(() => import('./components/EventsPage'), 'EventsPage'),
  });
  const mfa = createRoute({
    getParentRoute: () => area,
    path: 'mfa-resets',
    component: lazyRouteComponent(() => import('./components/MfaResetsPage'), 'MfaResetsPage'),
  });
  const person = createRoute({
    getParentRoute: () => area,
    path: 'person',
    validateSearch: validatePersonSearch,
    component: lazyRouteComponent(() => import('./components/PersonPage'), 'PersonPage'),
  });
  const policy = createRoute({
    getParentRoute: () => area,
    path: 'policy',
    component: lazyRouteComponent(() => import('./components/PolicyPage'), 'PolicyPage'),
  });
  return [area.addChildren([index, events, mfa, person, policy])] as const;
}
