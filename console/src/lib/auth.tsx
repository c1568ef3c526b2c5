/**
 * Who is signed in and what they may do, from GET /api/auth/me (the API decides; the console only hides what
 * the role lacks). `<RequireAuth>` sends a signed-out person to /login and an enrol-only session to the forced
 * MFA enrolment.
 */
import { Center, Loader } from '@mantine/core';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, type ReactNode } from 'react';
import { $api, type Schemas } from './api';
import { t } from './i18n';
import { session, useSessionState } from './session';

export type Me = Schemas['MeOut'];
export const ME_KEY = ['get', '/api/auth/me'] as const;

export function useMe() {
  const query = $api.useQuery('get', '/api/auth/me', {}, { retry: false, staleTime: 60_000 });
  const { data, isError } = query;
  useEffect(() => {
    if (data) session.signedIn();
    else if (isError && session.get() === 'unknown') session.signedOut();
  }, [data, isError]);
  return query;
}

/** `can('profiles.read')`: whether the signed-in person's role grants a permission. */
export function useCan(): (permission: string) => boolean {
  const { data } = useMe();
  const permissions = data?.permissions;
  return useCallback((permission: string) => permissions?.includes(permission) ?? false, [permissions]);
}

export function FullPageLoader(): ReactNode {
  return (
    <Center h="100dvh" role="status" aria-live="polite">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** Renders its children for a full session; otherwise sends to sign-in (remembering where the person was). */
export function RequireAuth({ children }: { children: ReactNode }): ReactNode {
  const { data, isPending } = useMe();
  const state = useSessionState();
  const href = useLocation({ select: (l) => l.href });
  const navigate = useNavigate();
  const enrol = data?.scope === 'mfa_enrolment';
  const allowed = !!data && !enrol && state !== 'signed-out';
  const away = enrol ? 'enrol' : !allowed && !isPending && state !== 'unknown' ? 'login' : null;
  // Navigate once per decision (not on every render: the redirect's own re-render would navigate again).
  useEffect(() => {
    if (away === 'enrol') void navigate({ to: '/mfa-enrolment', replace: true });
    else if (away === 'login') void navigate({ to: '/login', search: { redirect: href }, replace: true });
  }, [away]);
  return allowed ? children : <FullPageLoader />;
}
