import { Center, Paper, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { ME_KEY } from '@/lib/auth';
import { t } from '@/lib/i18n';
import { session } from '@/lib/session';
import { needsEnrolment } from './api';
import { SignInForm } from './SignInForm';

/** Only paths inside the console: never an open redirect to another site. */
export function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return '/';
  return target;
}

export function LoginPage({ redirect }: { redirect?: string | undefined }): ReactNode {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    document.title = `${t('auth.signIn')} · ${t('app.name')}`;
  }, []);
  return (
    <Center component="main" mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <Stack gap="lg">
          <Title order={1} size="h3">
            {t('auth.title')}
          </Title>
          <SignInForm
            onSignedIn={async (result) => {
              await queryClient.invalidateQueries({ queryKey: ME_KEY });
              if (needsEnrolment(result)) {
                await navigate({ to: '/mfa-enrolment', replace: true });
                return;
              }
              session.signedIn();
              await navigate({ href: safeRedirect(redirect), replace: true });
            }}
          />
        </Stack>
      </Paper>
    </Center>
  );
}
