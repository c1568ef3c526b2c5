import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Schemas } from '@/lib/api';
import { formatDate, formatDateTime, formatNumber, t, type MessageKey } from '@/lib/i18n';

type Profile = Schemas['UserProfileDetailOut'];

function Fact({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </div>
  );
}

export function OverviewTab({ profile: p }: { profile: Profile }): ReactNode {
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} component="dl" m={0}>
          <Fact label={t('profile.email')}>{p.email}</Fact>
          <Fact label={t('profile.username')}>{p.username}</Fact>
          <Fact label={t('learners.role')}>{t(`role.${p.platform_role}` as MessageKey)}</Fact>
          <Fact label={t('profile.joined')}>{formatDate(p.date_joined)}</Fact>
          <Fact label={t('profile.lastActive')}>{formatDateTime(p.last_activity)}</Fact>
          <Fact label={t('profile.learningTime')}>{t('profile.minutes', { count: formatNumber(Math.round(p.total_learning_time / 60)) })}</Fact>
          <Fact label={t('learners.col.completion')}>{`${formatNumber(Math.round(p.completion_rate))} %`}</Fact>
          <Fact label={t('learners.col.enrollments')}>{formatNumber(p.enrollment_count)}</Fact>
          <Fact label={t('profile.statusReason')}>{p.status_reason || t('common.none')}</Fact>
        </SimpleGrid>
      </Paper>
      <Title order={2} size="h4">
        {t('profile.statusHistory')}
      </Title>
      {p.status_history.length === 0 ? (
        <Text size="sm">{t('common.none')}</Text>
      ) : (
        <Stack component="ol" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {p.status_history.map((h) => (
            <Paper component="li" key={`${h.at}-${h.to_status}`} withBorder p="xs">
              <Text size="sm" fw={500}>
                {t('profile.statusChange', {
                  from: t(`status.${h.from_status}` as MessageKey),
                  to: t(`status.${h.to_status}` as MessageKey),
                })}
              </Text>
              <Text size="xs" c="dimmed">
                <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                {h.actor_id !== null ? ` · ${t('profile.by', { id: String(h.actor_id) })}` : ''}
              </Text>
              {h.reason ? <Text size="sm">{h.reason}</Text> : null}
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
