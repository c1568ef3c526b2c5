/** /monitoring/alerts: the rules' alerts, newest first, by state (open, acknowledged, resolved: 30 minutes without a
 * firing); each with its evidence links, occurrences, the ticket opened for it, and acknowledge and mute. */
import '@/app/screenStyles';
import { Alert as Notice, Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';

import { errorMessage } from '@/lib/api';
import { formatDateTime, formatRelative, t } from '@/lib/i18n';

import { useMonitoringLive } from '../api/live';
import { useAlertsIn } from '../api/alerts';
import type { Alert } from '../api/monitoring';
import { ALERT_STATES, type AlertSearch } from '../model/search';
import { AlertActions } from './AlertActions';
import { MonitoringTabs } from './MonitoringTabs';

function Evidence({ alert }: { alert: Alert }) {
  const group = alert.evidence['group_id'];
  const session = alert.evidence['session_id'];
  return (
    <Group gap="sm">
      {typeof group === 'number' && (
        <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/errors/$id" params={{ id: group }} />}>{t('monitoring.openGroup')}</Anchor>
      )}
      {typeof session === 'number' && (
        <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/sessions/$id" params={{ id: session }} />}>{t('monitoring.openSession')}</Anchor>
      )}
      {alert.ticket_id !== null && (
        <Anchor renderRoot={(props) => <Link {...props} to="/tickets/$id" params={{ id: alert.ticket_id ?? 0 }} />}>
          {t('monitoring.ticket', { id: alert.ticket_id })}
        </Anchor>
      )}
    </Group>
  );
}

export function AlertsPage() {
  useMonitoringLive();
  const search = useSearch({ strict: false }) as AlertSearch;
  const show = search.state ?? 'open';
  const navigate = useNavigate();
  const alerts = useAlertsIn(show);
  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.alertsTitle')}
      </Title>
      <MonitoringTabs />
      <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/alerts/rules" />}>{t('monitoring.rules.link')}</Anchor>
      <SegmentedControl
        aria-label={t('monitoring.alertState')}
        value={show}
        onChange={(v) => void navigate({ to: '/monitoring/alerts', search: { state: v as AlertSearch['state'] } })}
        data={ALERT_STATES.map((s) => ({ value: s, label: t(`monitoring.alert.${s}`) }))}
        style={{ alignSelf: 'flex-start' }}
      />
      {alerts.isError && (
        <Notice color="red" role="alert" title={t('monitoring.loadFailed')}>
          {errorMessage(alerts.error)}
        </Notice>
      )}
      {alerts.isSuccess && items.length === 0 && <Text>{t('monitoring.noAlerts')}</Text>}
      <Stack component="ul" gap="xs" p={0} m={0} aria-label={t('monitoring.alertList')}>
        {items.map((a) => (
          <li key={a.id} style={{ listStyle: 'none' }}>
            <Paper withBorder p="xs">
              <Group gap={6} wrap="wrap">
                <Badge variant="light" color={a.severity === 'critical' ? 'red' : a.severity === 'warning' ? 'yellow' : 'blue'}>{a.severity}</Badge>
                <Badge variant="outline">{a.rule}</Badge>
                <Text fw={600} style={{ wordBreak: 'break-word' }}>
                  {a.message}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {t('monitoring.alertTimes', { first: formatDateTime(a.created_at), last: formatRelative(a.last_seen_at), count: a.occurrences })}
              </Text>
              <Evidence alert={a} />
              <AlertActions alert={a} />
            </Paper>
          </li>
        ))}
      </Stack>
      {alerts.hasNextPage && (
        <Button variant="default" onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
