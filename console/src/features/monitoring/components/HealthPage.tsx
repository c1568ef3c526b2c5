/** /monitoring/health: this host (CPU, memory), its dependencies (database, Redis, task queue, outbox), and request
 * figures per route over the last 5 and 60 minutes, open event streams, and availability over 24 hours and 7 days (the
 * share of requests not answered 5xx). Re-read every 15 s. */
import '@/app/screenStyles';
import { Alert, Group, Loader, Stack, Title } from '@mantine/core';

import { errorMessage } from '@/lib/api';
import { formatNumber, t, type MessageKey } from '@/lib/i18n';

import { useHealth } from '../api/monitoring';
import { MonitoringTabs } from './MonitoringTabs';
import { RouteTable } from './RouteTable';
import { Stat } from './Stat';

const HOST: { key: string; label: MessageKey; unit: string }[] = [
  { key: 'cpu_percent', label: 'monitoring.host.cpu', unit: ' %' },
  { key: 'memory_percent', label: 'monitoring.host.memory', unit: ' %' },
  { key: 'process_rss_mb', label: 'monitoring.host.rss', unit: ' MB' },
  { key: 'database_ms', label: 'monitoring.host.database', unit: ' ms' },
  { key: 'redis_ms', label: 'monitoring.host.redis', unit: ' ms' },
  { key: 'queue_depth', label: 'monitoring.host.queue', unit: '' },
  { key: 'outbox_backlog', label: 'monitoring.host.outbox', unit: '' },
  { key: 'outbox_oldest_seconds', label: 'monitoring.host.outboxAge', unit: ' s' },
  { key: 'event_streams', label: 'monitoring.host.streams', unit: '' },
];

export function HealthPage() {
  const health = useHealth();
  const h = health.data;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.healthTitle')}
      </Title>
      <MonitoringTabs />
      {health.isError && (
        <Alert color="red" role="alert" title={t('monitoring.loadFailed')}>
          {errorMessage(health.error)}
        </Alert>
      )}
      {health.isPending && <Loader aria-label={t('common.loading')} />}
      {h && (
        <>
          <Group gap="sm" wrap="wrap" align="stretch">
            <Stat label={t('monitoring.online')} value={formatNumber(h.online)} />
            {h.availability.map((a) => (
              <Stat
                key={a.window_hours}
                label={t('monitoring.availability', { window: t(a.window_hours === 24 ? 'monitoring.availability.24' : 'monitoring.availability.168') })}
                value={a.availability === null ? '–' : `${formatNumber(Math.round(a.availability * 100_000) / 1000)} %`}
                hint={t('monitoring.availabilityOf', { requests: formatNumber(a.requests), errors: formatNumber(a.server_errors) })}
              />
            ))}
            <Stat label={t('monitoring.clientErrorsHour')} value={formatNumber(h.client_errors_last_hour)} />
            {HOST.map(({ key, label, unit }) => {
              const v = h.host[key];
              return <Stat key={key} label={t(label)} value={v === null || v === undefined ? '–' : `${formatNumber(Math.round(v * 10) / 10)}${unit}`} />;
            })}
          </Group>
          {[5, 60].map((minutes) => (
            <RouteTable
              key={minutes}
              caption={t('monitoring.routesWindow', { minutes })}
              routes={[...h.totals, ...h.routes].filter((r) => r.window_minutes === minutes)}
            />
          ))}
        </>
      )}
    </Stack>
  );
}
