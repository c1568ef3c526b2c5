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

/** /learners (search), loaded on demand. */
export function learnersRoutes<P extends AnyRoute>(parent: P) {
  const list = createRoute({
    getParentRoute: () => parent,
    path: 'learners',
    validateSearch: validateLearnerSearch,
    component: lazyRouteComponent(() => import('./LearnersPage'), 'LearnersPage'),
  });
  return [list] as const;
}
