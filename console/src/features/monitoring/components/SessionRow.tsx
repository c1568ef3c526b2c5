/** One live session in the list: who, where, on what, and its health score with a link to its timeline. */
import { Anchor, Badge, Group, Paper, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';

import { formatRelative, t } from '@/lib/i18n';

import type { MonitoredSession } from '../api/monitoring';
import { band, BAND_COLOR } from '../model/health';

export function SessionRow({ s }: { s: MonitoredSession }) {
  return (
    <Paper withBorder p="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/sessions/$id" params={{ id: s.id }} />} fw={600}>
          {t(s.staff ? 'monitoring.staffSessionOf' : 'monitoring.sessionOf', { user: s.user_id, key: s.key })}
        </Anchor>
        <Group gap={6}>
          {s.staff && <Badge variant="light" color="grape">{t('monitoring.staffBadge')}</Badge>}
          {s.online && <Badge variant="light" color="teal">{t('monitoring.onlineBadge')}</Badge>}
          <Badge color={BAND_COLOR[band(s.health)]} variant="light" aria-label={t('monitoring.healthOf', { score: s.health })}>
            {s.health}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" style={{ wordBreak: 'break-all' }}>
        {s.title || s.url}
      </Text>
      <Text size="sm" c="dimmed">
        {[s.browser, s.os, s.device].filter(Boolean).join(' · ')} · {t('monitoring.pages', { count: s.page_views })} ·{' '}
        {t('monitoring.errors', { count: s.errors })} · {formatRelative(s.last_seen_at)}
      </Text>
    </Paper>
  );
}
