/** Security: the learner's security events, their live sessions (each can be ended), and a password reset
 * request with a reason (the person gets a link by e-mail; staff never see or set a password). */
import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { $api, errorMessage, fieldErrors, type Schemas } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, formatRelative, t } from '@/lib/i18n';

type Profile = Schemas['UserProfileDetailOut'];

function Sessions({ learnerId }: { learnerId: number }): ReactNode {
  const queryClient = useQueryClient();
  const key = { params: { path: { user_id: learnerId }, query: { limit: 50 } } };
  const sessions = $api.useQuery('get', '/api/users/profiles/{user_id}/sessions', key);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/api/users/profiles/{user_id}/sessions'] });
  const endOne = $api.useMutation('delete', '/api/users/profiles/{user_id}/sessions/{session_id}', {
    onSuccess: () => {
      notifications.show({ message: t('profile.sessionEnded') });
      void refresh();
    },
  });
  const endAll = $api.useMutation('delete', '/api/users/profiles/{user_id}/sessions', {
    onSuccess: (r) => {
      notifications.show({ message: t('profile.sessionsEnded', { count: r.ended }) });
      void refresh();
    },
  });
  const items = sessions.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('profile.sessions')}
        </Title>
        {items.length > 1 ? (
          <Button size="xs" color="red" variant="light" loading={endAll.isPending} onClick={() => endAll.mutate({ params: { path: { user_id: learnerId } } })}>
            {t('profile.endAllSessions')}
          </Button>
        ) : null}
      </Group>
      {sessions.error ? <Alert color="red" role="alert">{errorMessage(sessions.error)}</Alert> : null}
      {endOne.error || endAll.error ? <Alert color="red" role="alert">{errorMessage(endOne.error ?? endAll.error)}</Alert> : null}
      {sessions.data && items.length === 0 ? <Text size="sm">{t('profile.noSessions')}</Text> : null}
      <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((s) => (
          <Paper component="li" key={s.id} withBorder p="xs">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} style={{ wordBreak: 'break-word' }}>
                  {s.description || s.user_agent_family} ({s.kind})
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(s.created_at)} · {formatRelative(s.last_used_at)}
                  {s.ip ? ` · ${s.ip}` : ''}
                </Text>
              </div>
              <Button
                size="xs"
                variant="default"
                aria-label={t('profile.endSessionLabel', { when: formatDateTime(s.created_at) })}
                loading={endOne.isPending && endOne.variables?.params.path.session_id === s.id}
                onClick={() => endOne.mutate({ params: { path: { user_id: learnerId, session_id: s.id } } })}
              >
                {t('profile.endSession')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function PasswordReset({ learnerId }: { learnerId: number }): ReactNode {
  const [reason, setReason] = useState('');
  const reset = $api.useMutation('post', '/api/users/profiles/{user_id}/password-reset', {
    onSuccess: () => {
      setReason('');
      notifications.show({ message: t('profile.passwordResetDone') });
    },
  });
  const fieldError = reset.error ? (fieldErrors(reset.error)['reason'] ?? errorMessage(reset.error)) : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) reset.mutate({ params: { path: { user_id: learnerId } }, body: { reason: reason.trim() } });
      }}
    >
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('profile.passwordReset')}
        </Title>
        <Textarea
          label={t('common.reason')}
          description={t('profile.reasonRequired')}
          value={reason}
          maxLength={500}
          required
          autosize
          minRows={2}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError}
        />
        <Group>
          <Button type="submit" variant="default" loading={reset.isPending} disabled={!reason.trim()}>
            {t('profile.passwordReset')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SecurityTab({ profile }: { profile: Profile }): ReactNode {
  const can = useCan();
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('profile.securityEvents')}
        </Title>
        {profile.security_events.length === 0 ? <Text size="sm">{t('profile.noSecurityEvents')}</Text> : null}
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {profile.security_events.map((e) => (
            <Paper component="li" key={e.id} withBorder p="xs">
              <Group gap="xs">
                <Badge variant="light" color={e.resolved ? 'gray' : 'red'}>
                  {e.resolved ? t('profile.resolved') : t('profile.unresolved')}
                </Badge>
                <Badge variant="outline">{String(e.severity)}</Badge>
                <Text size="sm" fw={500}>
                  {e.event_type}
                </Text>
              </Group>
              <Text size="sm" style={{ wordBreak: 'break-word' }}>
                {e.description}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(e.timestamp)}
                {e.ip_address ? ` · ${e.ip_address}` : ''}
              </Text>
            </Paper>
          ))}
        </Stack>
      </Stack>
      {can('security.manage') ? <Sessions learnerId={profile.id} /> : null}
      {can('security.manage') ? <PasswordReset learnerId={profile.id} /> : null}
    </Stack>
  );
}
