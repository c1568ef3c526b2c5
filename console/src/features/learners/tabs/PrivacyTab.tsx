/** Privacy: each consent's current state and its full history; the learner's privacy requests. */
import { Alert, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { $api, errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, t } from '@/lib/i18n';

function Granted({ granted }: { granted: boolean }): ReactNode {
  return (
    <Badge variant="light" color={granted ? 'green' : 'gray'}>
      {granted ? t('profile.granted') : t('profile.withdrawn')}
    </Badge>
  );
}

function Requests({ learnerId }: { learnerId: number }): ReactNode {
  const requests = $api.useQuery('get', '/api/privacy/requests', { params: { query: { user_id: learnerId, limit: 50 } } });
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('profile.privacyRequests')}
      </Title>
      {requests.error ? <Alert color="red" role="alert">{errorMessage(requests.error)}</Alert> : null}
      {requests.data && requests.data.items.length === 0 ? <Text size="sm">{t('profile.noPrivacyRequests')}</Text> : null}
      <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {requests.data?.items.map((r) => (
          <Paper component="li" key={r.id} withBorder p="xs">
            <Group gap="xs">
              <Text size="sm" fw={500}>
                {String(r.type)} #{r.id}
              </Text>
              <Badge variant="light">{String(r.stage)}</Badge>
              {r.held ? <Badge color="orange">hold</Badge> : null}
            </Group>
            <Text size="xs" c="dimmed">
              {formatDateTime(r.created_at)}
              {r.reason ? ` · ${r.reason}` : ''}
            </Text>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

export function PrivacyTab({ learnerId }: { learnerId: number }): ReactNode {
  const can = useCan();
  const consents = $api.useQuery('get', '/api/users/profiles/{user_id}/consents', {
    params: { path: { user_id: learnerId }, query: { limit: 100 } },
  });
  if (consents.isPending) return <Loader aria-label={t('common.loading')} />;
  return (
    <Stack gap="lg">
      {consents.error ? <Alert color="red" role="alert">{errorMessage(consents.error)}</Alert> : null}
      {consents.data ? (
        <>
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('profile.privacy')}
            </Title>
            {consents.data.current.length === 0 ? <Text size="sm">{t('profile.noConsents')}</Text> : null}
            <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {consents.data.current.map((c) => (
                <Group component="li" key={c.consent_type} gap="xs">
                  <Text size="sm" fw={500}>
                    {c.consent_type}
                  </Text>
                  <Granted granted={c.granted} />
                  <Text size="xs" c="dimmed">
                    {c.version ? `v${c.version} · ` : ''}
                    {formatDateTime(c.at)}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Stack>
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('profile.consentHistory')}
            </Title>
            <Stack component="ol" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {consents.data.history.map((h) => (
                <Paper component="li" key={h.id} withBorder p="xs">
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      {h.consent_type}
                    </Text>
                    <Granted granted={h.granted} />
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.at)} · v{h.version} · {String(h.source)}
                    {h.reason ? ` · ${h.reason}` : ''}
                  </Text>
                </Paper>
              ))}
            </Stack>
          </Stack>
        </>
      ) : null}
      {can('privacy.request') ? <Requests learnerId={learnerId} /> : null}
    </Stack>
  );
}
