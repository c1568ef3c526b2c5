import { Badge, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Schemas } from '@/lib/api';
import { formatDate, formatDateTime, t, type MessageKey } from '@/lib/i18n';

export function EnrolmentsTab({ profile }: { profile: Schemas['UserProfileDetailOut'] }): ReactNode {
  if (profile.enrollments.length === 0) return <Text size="sm">{t('profile.noEnrolments')}</Text>;
  return (
    <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {profile.enrollments.map((e) => (
        <Paper component="li" key={e.course_id} withBorder p="sm">
          <Stack gap={4}>
            <Group justify="space-between" gap="xs">
              <Text fw={500} style={{ wordBreak: 'break-word' }}>
                {e.course_title} <Text span c="dimmed" size="sm">({e.course})</Text>
              </Text>
              <Badge variant="light">{t(`enrollment.${e.status}` as MessageKey)}</Badge>
            </Group>
            <Progress
              value={e.progress}
              aria-label={t('profile.progressOf', { progress: String(e.progress), course: e.course_title })}
            />
            <Text size="xs" c="dimmed">
              {t('profile.progress')}: {e.progress}% · {t('profile.enrolled')}: {formatDate(e.enrolled_at)} · {t('profile.lastAccess')}:{' '}
              {formatDateTime(e.last_accessed_at)}
            </Text>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
