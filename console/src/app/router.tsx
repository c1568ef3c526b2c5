/**
 * The route tree. Each area exports `<area>Routes(parent)` from `src/features/<area>/routes.tsx`; this file
 * composes them (features never import each other). Every screen other than the shell and sign-in loads on
 * demand (lazyRouteComponent in the feature's routes).
 */
import { Button, Stack, Text, Title } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
  type ErrorComponentProps,
} from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { AppLink } from '@/components/AppLink';
import { analyticsRoutes } from '@/features/analytics/routes';
import { authRoutes } from '@/features/auth/routes';
import { complianceRoutes } from '@/features/compliance/routes';
import { impersonationRoutes } from '@/features/impersonation/routes';
import { bulkRoutes } from '@/features/bulk/routes';
import { knowledgeRoutes } from '@/features/knowledge/routes';
import { learnersRoutes } from '@/features/learners/routes';
import { securityRoutes } from '@/features/security/routes';
import { monitoringRoutes } from '@/features/monitoring/routes';
import { ticketsRoutes } from '@/features/tickets/routes';
import { RequireAuth } from '@/lib/auth';
import { t } from '@/lib/i18n';
import { ScreenError } from './ErrorBoundary';
import { Shell } from './Shell';

export type RouterContext = { queryClient: QueryClient };

function NotFound(): ReactNode {
  return (
    <Stack p="md" align="flex-start">
      <Title order={1} size="h3">
        {t('notFound.title')}
      </Title>
      <Text>{t('notFound.body')}</Text>
      <Button component={AppLink} to="/">
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}

function RouteError({ error, reset }: ErrorComponentProps): ReactNode {
  return <ScreenError error={error} reset={reset} />;
}

const root = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

/** Every signed-in screen: inside the shell, behind the session check. */
const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  component: function SignedIn() {
    return (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    );
  },
});

const home = createRoute({
  getParentRoute: () => app,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/learners', replace: true });
  },
});

export const routeTree = root.addChildren([
  ...authRoutes(root),
  app.addChildren([
    home,
    ...learnersRoutes(app),
    ...ticketsRoutes(app),
    ...knowledgeRoutes(app),
    ...bulkRoutes(app),
    ...complianceRoutes(app),
    ...securityRoutes(app),
    ...impersonationRoutes(app),
    ...analyticsRoutes(app),
    ...monitoringRoutes(app),
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    basepath: '/console',
    context: { queryClient },
    defaultPreload: 'intent',
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: NotFound,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
