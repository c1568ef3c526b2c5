/** /monitoring: the figures at a glance (online now, sessions by health, error rate, p95 per route, open alerts),
 * all re-read on each pulse of the `monitoring` channel (at most every 5 s). */
import '@/app/screenStyles';
import { Alert as Notice, Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatNumber, formatRelative, t } from '@/lib/i18n';

import { useMonitoringLive } from '../api/live';
import { useAlerts, useHealth, useOverview, useSessions } from '../api/monitoring';
import { BAND_COLOR, BANDS, countByBand, isOpen } from '../model/health';
import { MonitoringTabs } from './MonitoringTabs';
import { ScrollRegion } from './ScrollRegion';
import { ms, percent, Stat } from './Stat';

export function DashboardPage() {
  useMonitoringLive();
  const can = useCan();
  const overview = useOverview();
  const online = useSessions({ online: true });
  const alerts = useAlerts();
  const o = overview.data;
  const onlineSessions = online.data?.pages[0]?.items ?? [];
  const bands = countByBand(onlineSessions);
  const open = (alerts.data?.pages[0]?.items ?? []).filter((a) => isOpen(a));

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.title')}
      </Title>
      <MonitoringTabs />
      {overview.isError && (
        <Notice color="red" role="alert" title={t('monitoring.loadFailed')}>
          {errorMessage(overview.error)}
        </Notice>
      )}
      <Group gap="sm" wrap="wrap" align="stretch">
        <Stat label={t('monitoring.online')} value={o ? formatNumber(o.online) : '…'} testId="online-now" />
        <Stat label={t('monitoring.sessionsLastHour')} value={o ? formatNumber(o.sessions_last_hour) : '…'} />
        <Stat label={t('monitoring.errorRate')} value={o ? percent(o.error_rate) : '…'} />
        <Stat label={t('monitoring.serverErrorRate')} value={o ? percent(o.server_error_rate) : '…'} />
        <Stat label={t('monitoring.p95PageLoad')} value={o ? ms(o.p95_page_load_ms) : '…'} />
        <Stat label={t('monitoring.p95Api')} value={o ? ms(o.p95_api_ms) : '…'} />
      </Group>
      <section aria-labelledby="by-health">
        <Title order={2} size="h4" id="by-health">
          {t('monitoring.byHealth')}
        </Title>
        <Group gap="sm" mt="xs">
          {BANDS.map((b) => (
            <Badge key={b} color={BAND_COLOR[b]} variant="light" size="lg">
              {t(`monitoring.band.${b}`)}: {formatNumber(bands[b])}
            </Badge>
          ))}
          <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/sessions" search={{ online: true }} />}>
            {t('monitoring.allOnline')}
          </Anchor>
        </Group>
      </section>
      <section aria-labelledby="open-alerts">
        <Title order={2} size="h4" id="open-alerts">
          {t('monitoring.openAlerts', { count: open.length })}
        </Title>
        {open.length === 0 ? (
          <Text c="dimmed">{t('monitoring.noOpenAlerts')}</Text>
        ) : (
          <Stack component="ul" gap={4} p={0} m={0} mt="xs">
            {open.slice(0, 5).map((a) => (
              <li key={a.id} style={{ listStyle: 'none' }}>
                <Badge variant="light" color={a.severity === 'critical' ? 'red' : 'yellow'} mr="xs">
                  {a.severity}
                </Badge>
                {a.message} <Text span c="dimmed" size="sm">{formatRelative(a.last_seen_at)}</Text>
              </li>
            ))}
          </Stack>
        )}
        <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/alerts" />}>{t('monitoring.allAlerts')}</Anchor>
      </section>
      {can('system.health') && <RouteP95 />}
    </Stack>
  );
}

function RouteP95() {
  const health = useHealth();
  const routes = [...(health.data?.routes ?? [])].filter((r) => r.window_minutes === 5 || r.window_minutes === 60);
  const shown = routes.filter((r) => r.window_minutes === 5).sort((a, b) => (b.p95_ms ?? 0) - (a.p95_ms ?? 0)).slice(0, 8);
  if (health.isError) return null;
  return (
    <section aria-labelledby="p95-routes">
      <Title order={2} size="h4" id="p95-routes">
        {t('monitoring.p95Routes')}
      </Title>
      {shown.length === 0 ? (
        <Text c="dimmed">{t('monitoring.noTraffic')}</Text>
      ) : (
        <ScrollRegion label={t('monitoring.p95Routes')}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('monitoring.route')}</Table.Th>
                <Table.Th>{t('monitoring.p95')}</Table.Th>
                <Table.Th>{t('monitoring.errorRate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => (
                <Table.Tr key={r.route}>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{r.route}</Table.Td>
                  <Table.Td>{ms(r.p95_ms)}</Table.Td>
                  <Table.Td>{percent(r.error_rate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </section>
  );
}
