/** /monitoring/kpis: the support metrics of the last 30 days: first response, resolution, satisfaction, recurrence
 * (reopened tickets), resolution rate, proactive vs reactive tickets, impersonation use, and what monitoring saw. */
import '@/app/screenStyles';
import { Alert, Group, Loader, Stack, Table, Title } from '@mantine/core';

import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatNumber, t } from '@/lib/i18n';

import { useImpersonationStats, useKpis, useSupportAnalytics } from '../api/monitoring';
import { MonitoringTabs } from './MonitoringTabs';
import { ScrollRegion } from './ScrollRegion';
import { Stat } from './Stat';

const minutes = (v: number | null | undefined) => (v === null || v === undefined ? '–' : t('monitoring.minutes', { n: formatNumber(Math.round(v)) }));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${formatNumber(Math.round(v * 10) / 10)} %`);

function Tallies({ caption, rows }: { caption: string; rows: readonly { name: string; count: number }[] }) {
  return (
    <ScrollRegion label={caption}>
      <Table captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.name}>
              <Table.Th scope="row" style={{ wordBreak: 'break-all' }}>{r.name}</Table.Th>
              <Table.Td>{formatNumber(r.count)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

export function KpisPage() {
  const can = useCan();
  const kpis = useKpis();
  const desk = useSupportAnalytics(can('support.analytics'));
  const imp = useImpersonationStats(can('impersonation.read'));
  const k = kpis.data;
  const d = desk.data;
  const resolved = d ? (d.by_status['resolved'] ?? 0) + (d.by_status['closed'] ?? 0) : 0;
  const proactiveShare = k && k.proactive_tickets + k.reactive_tickets > 0 ? (100 * k.proactive_tickets) / (k.proactive_tickets + k.reactive_tickets) : null;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.kpisTitle')}
      </Title>
      <MonitoringTabs />
      {[kpis, desk, imp].map((q, i) =>
        q.isError ? (
          <Alert key={i} color="red" role="alert" title={t('monitoring.loadFailed')}>
            {errorMessage(q.error)}
          </Alert>
        ) : null,
      )}
      {kpis.isPending && <Loader aria-label={t('common.loading')} />}
      <Group gap="sm" wrap="wrap" align="stretch">
        {d && (
          <>
            <Stat label={t('monitoring.kpi.firstResponse')} value={minutes(d.first_response_minutes.p50)} />
            <Stat label={t('monitoring.kpi.resolution')} value={minutes(d.resolution_minutes.p50)} />
            <Stat label={t('monitoring.kpi.satisfaction')} value={d.satisfaction_average === null ? '–' : `${d.satisfaction_average.toFixed(2)} / 5`} />
            <Stat label={t('monitoring.kpi.recurrence')} value={pct(d.reopen_rate_percent)} />
            <Stat label={t('monitoring.kpi.resolutionRate')} value={d.total > 0 ? pct((100 * resolved) / d.total) : '–'} />
          </>
        )}
        {k && <Stat label={t('monitoring.kpi.proactive')} value={`${formatNumber(k.proactive_tickets)} / ${formatNumber(k.reactive_tickets)}${proactiveShare === null ? '' : ` (${pct(proactiveShare)})`}`} />}
        {imp.data && <Stat label={t('monitoring.kpi.impersonation')} value={t('monitoring.kpi.impersonationValue', { n: imp.data.sessions, share: pct(100 * imp.data.linked_to_ticket_share) })} />}
      </Group>
      {d && <Tallies caption={t('monitoring.kpi.byCategory')} rows={Object.entries(d.by_category).map(([name, count]) => ({ name, count }))} />}
      {k && (
        <>
          <Tallies caption={t('monitoring.kpi.health')} rows={k.health_distribution} />
          <Tallies caption={t('monitoring.kpi.errorsByComponent')} rows={k.errors_by_component} />
          <Tallies caption={t('monitoring.kpi.alertsByRule')} rows={k.alerts_by_rule} />
        </>
      )}
    </Stack>
  );
}
