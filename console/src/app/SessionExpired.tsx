import { Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { SignInForm } from '@/features/auth/SignInForm';
import { useMe } from '@/lib/auth';
import { t } from '@/lib/i18n';
import { session, useSessionState } from '@/lib/session';

/** When the session ends mid-work: sign in again in a modal; the screen (and any draft) stays underneath. */
export function SessionExpiredModal(): ReactNode {
  const state = useSessionState();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  return (
    <Modal
      opened={state === 'expired'}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={t('auth.sessionExpiredTitle')}
      centered
    >
      <Stack>
        <Text size="sm">{t('auth.sessionExpiredBody')}</Text>
        <SignInForm
          {...(me ? { username: me.username } : {})}
          onSignedIn={async () => {
            session.signedIn();
            await queryClient.invalidateQueries();
          }}
        />
      </Stack>
    </Modal>
  );
}
