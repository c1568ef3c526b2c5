import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import { searchParams, str } from '@/lib/search';
import { LoginPage } from './LoginPage';

const validateLoginSearch = searchParams({ redirect: str(2000) });

/** /login (in the first bundle: it is the first screen) and /mfa-enrolment (loaded on demand). */
export function authRoutes<P extends AnyRoute>(parent: P) {
  const login = createRoute({
    getParentRoute: () => parent,
    path: 'login',
    validateSearch: validateLoginSearch,
    component: function Login() {
      const { redirect } = login.useSearch() as ReturnType<typeof validateLoginSearch>;
      return <LoginPage redirect={redirect} />;
    },
  });
  const enrol = createRoute({
    getParentRoute: () => parent,
    path: 'mfa-enrolment',
    component: lazyRouteComponent(() => import('./EnrolPage'), 'EnrolPage'),
  });
  return [login, enrol] as const;
}
