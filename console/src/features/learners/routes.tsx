import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { bool, oneOf, searchParams, strList } from '@/lib/search';
import { validateLearnerSearch } from './search';

export const PROFILE_TABS = ['overview', 'activity', 'enrolments', 'tickets', 'security', 'privacy', 'risk'] as const;
export type ProfileTab = (typeof PROFILE_TABS)[number];

export const validateProfileSearch = searchParams({
  tab: oneOf(PROFILE_TABS),
  type: strList(64),
  newTicket: bool(),
});

/** /learners (search) and /learners/$id (the 360° profile), both loaded on demand. */
export function learnersRoutes<P extends AnyRoute>(parent: P) {
  const list = createRoute({
    getParentRoute: () => parent,
    path: 'learners',
    validateSearch: validateLearnerSearch,
    component: lazyRouteComponent(() => import('./LearnersPage'), 'LearnersPage'),
  });
  const profile = createRoute({
    getParentRoute: () => parent,
    path: 'learners/$id',
    params: {
      parse: (raw: Record<string, string>) => ({ id: Number(/^\d{1,18}$/.exec(raw['id'] ?? '')?.[0] ?? NaN) }),
      stringify: (p: { id: number }) => ({ id: String(p.id) }),
    },
    validateSearch: validateProfileSearch,
    component: lazyRouteComponent(() => import('./ProfilePage'), 'ProfilePage'),
  });
  return [list, profile] as const;
}
