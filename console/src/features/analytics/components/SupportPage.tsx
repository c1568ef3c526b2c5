/** /analytics/support: ticket volume and backlog, first response and resolution p50/p90 overall and per agent, SLA
 * compliance, satisfaction, the reopen rate, and tickets per 1,000 active learners by week and category. */
import '@/app/screenStyles';
import '../charts/axis';
import { SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { t } from '@/lib/i18n';

import { agentNamesOptions, supportOptions, supportTrendsOptions } from '../api/queries';
import type { SupportFigures, SupportTrends } from '../api/types';
import { axisOption } from '../charts/options';
import { EChart } from '../charts/EChart';
import { minutes, n } from '../model/format';
import { ChartCard } from './ChartCard';
import { DataTable } from './DataTable';
import { Kpis } from './Kpis';
import { Loaded } from './Loaded';
import { useAnalyticsSearch } from './useAnalyticsSearch';

const pctOf = (v: number | null) => (v === null ? '–' : `${n(v, 1)}%`);
const day = (iso: string) => iso.slice(0, 10);

function Counts({ id, title, counts, table }: { id: string; title: string; counts: Record<string, number>; table: boolean }) {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return (
    <ChartCard
      id={id}
      title={title}
      table={table}
      chart={() => (
        <EChart
          testId={`chart-${id}`}
          option={() => axisOption(rows.map(([k]) => k), [{ name: t('analytics.col.tickets'), values: rows.map(([, v]) => v), kind: 'bar' }], true)}
        />
      )}
      data={
        <DataTable
          caption={title}
          rows={rows}
          rowKey={([k]) => k}
          columns={[
            { key: 'k', label: title, value: ([k]) => k },
            { key: 'v', label: t('analytics.col.tickets'), value: ([, v]) => n(v), numeric: true },
          ]}
        />
      }
    />
  );
}

type Times = SupportFigures['times_by_category'][string];

/** First response and resolution p50/p90 per category or priority. */
function TimesCard({ id, title, times, table }: { id: string; title: string; times: Record<string, Times | undefined>; table: boolean }) {
  const rows = Object.entries(times).filter((e): e is [string, Times] => e[1] !== undefined);
  const series = (name: string, pick: (t: Times) => number | null) => ({ name, values: rows.map(([, v]) => pick(v)), kind: 'bar' as const });
  return (
    <ChartCard
      id={id}
      title={title}
      table={table}
      chart={() => (
        <EChart
          testId={`chart-${id}`}
          option={() =>
            axisOption(
              rows.map(([k]) => k),
              [
                series(t('analytics.support.frtP50'), (v) => v.first_response_minutes.p50),
                series(t('analytics.support.frtP90'), (v) => v.first_response_minutes.p90),
                series(t('analytics.support.resP50'), (v) => v.resolution_minutes.p50),
                series(t('analytics.support.resP90'), (v) => v.resolution_minutes.p90),
              ],
              true,
            )
          }
        />
      )}
      data={
        <DataTable
          caption={title}
          rows={rows}
          rowKey={([k]) => k}
          columns={[
            { key: 'k', label: title, value: ([k]) => k },
            { key: 'f50', label: t('analytics.support.frtP50'), value: ([, v]) => minutes(v.first_response_minutes.p50), numeric: true },
            { key: 'f90', label: t('analytics.support.frtP90'), value: ([, v]) => minutes(v.first_response_minutes.p90), numeric: true },
            { key: 'r50', label: t('analytics.support.resP50'), value: ([, v]) => minutes(v.resolution_minutes.p50), numeric: true },
            { key: 'r90', label: t('analytics.support.resP90'), value: ([, v]) => minutes(v.resolution_minutes.p90), numeric: true },
          ]}
        />
      }
    />
  );
}

function Figures({ f, trends, names, table }: { f: SupportFigures; trends?: SupportTrends; names: Map<number, string>; table: boolean }) {
  const agents = [...f.agents].sort((a, b) => b.assigned - a.assigned);
  const agentName = (id: number) => names.get(id) ?? `#${id}`;
  const weeks = trends?.weeks ?? [];
  const categories = [...new Set(weeks.flatMap((w) => Object.keys(w.by_category)))].sort();
  return (
    <>
      <Kpis
        label={t('analytics.support.kpis')}
        items={[
          { label: t('analytics.support.total'), value: n(f.total) },
          { label: t('analytics.support.sla'), value: pctOf(f.sla_compliance_percent) },
          { label: t('analytics.support.csat'), value: f.satisfaction_average === null ? '–' : `${n(f.satisfaction_average, 2)} / 5` },
          { label: t('analytics.support.reopen'), value: pctOf(f.reopen_rate_percent) },
          { label: t('analytics.support.frtP50'), value: minutes(f.first_response_minutes.p50) },
          { label: t('analytics.support.frtP90'), value: minutes(f.first_response_minutes.p90) },
          { label: t('analytics.support.resP50'), value: minutes(f.resolution_minutes.p50) },
          { label: t('analytics.support.resP90'), value: minutes(f.resolution_minutes.p90) },
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <ChartCard
          id="volume"
          title={t('analytics.support.volume')}
          table={table}
          chart={() => (
            <EChart
              testId="chart-volume"
              option={() =>
                axisOption(f.backlog.map((p) => day(p.period)), [
                  { name: t('analytics.support.created'), values: f.backlog.map((p) => p.created), kind: 'bar' },
                  { name: t('analytics.support.resolved'), values: f.backlog.map((p) => p.resolved), kind: 'bar' },
                  { name: t('analytics.support.open'), values: f.backlog.map((p) => p.open) },
                ])
              }
            />
          )}
          data={
            <DataTable
              caption={t('analytics.support.volume')}
              rows={f.backlog}
              rowKey={(p) => p.period}
              columns={[
                { key: 'p', label: t('analytics.col.period'), value: (p) => day(p.period) },
                { key: 'c', label: t('analytics.support.created'), value: (p) => n(p.created), numeric: true },
                { key: 'r', label: t('analytics.support.resolved'), value: (p) => n(p.resolved), numeric: true },
                { key: 'o', label: t('analytics.support.open'), value: (p) => n(p.open), numeric: true },
              ]}
            />
          }
        />
        <ChartCard
          id="per1000"
          title={t('analytics.support.per1000')}
          description={t('analytics.support.per1000Hint')}
          table={table}
          chart={() => (
            <EChart
              testId="chart-per1000"
              option={() =>
                axisOption(weeks.map((w) => w.week), [
                  { name: t('analytics.support.per1000Series'), values: weeks.map((w) => w.tickets_per_1000_active) },
                  ...categories.map((c) => ({ name: c, values: weeks.map((w) => w.by_category[c] ?? 0), kind: 'bar' as const, stack: 'c' })),
                ])
              }
            />
          )}
          data={
            <DataTable
              caption={t('analytics.support.per1000')}
              rows={weeks}
              rowKey={(w) => w.week}
              columns={[
                { key: 'w', label: t('analytics.col.week'), value: (w) => w.week },
                { key: 'a', label: t('analytics.support.activeLearners'), value: (w) => n(w.active_learners), numeric: true },
                { key: 't', label: t('analytics.col.tickets'), value: (w) => n(w.tickets), numeric: true },
                { key: 'k', label: t('analytics.support.per1000Series'), value: (w) => n(w.tickets_per_1000_active, 2), numeric: true },
                ...categories.map((c) => ({ key: `c-${c}`, label: c, value: (w: SupportTrends['weeks'][number]) => n(w.by_category[c] ?? 0), numeric: true })),
              ]}
            />
          }
        />
        <Counts id="category" title={t('analytics.support.byCategory')} counts={f.by_category} table={table} />
        <Counts id="priority" title={t('analytics.support.byPriority')} counts={f.by_priority} table={table} />
        <TimesCard id="times-category" title={t('analytics.support.timesByCategory')} times={f.times_by_category} table={table} />
        <TimesCard id="times-priority" title={t('analytics.support.timesByPriority')} times={f.times_by_priority} table={table} />
        <ChartCard
          id="agents"
          title={t('analytics.support.agents')}
          table={table}
          chart={() => (
            <EChart
              testId="chart-agents"
              option={() =>
                axisOption(agents.map((a) => agentName(a.agent_id)), [
                  { name: t('analytics.support.frtP50'), values: agents.map((a) => a.first_response_minutes.p50), kind: 'bar' },
                  { name: t('analytics.support.frtP90'), values: agents.map((a) => a.first_response_minutes.p90), kind: 'bar' },
                ], true)
              }
            />
          )}
          data={
            <DataTable
              caption={t('analytics.support.agents')}
              rows={agents}
              rowKey={(a) => String(a.agent_id)}
              columns={[
                { key: 'a', label: t('analytics.col.agent'), value: (a) => agentName(a.agent_id) },
                { key: 'as', label: t('analytics.support.assigned'), value: (a) => n(a.assigned), numeric: true },
                { key: 'r', label: t('analytics.support.resolved'), value: (a) => n(a.resolved), numeric: true },
                { key: 'l', label: t('analytics.support.load'), value: (a) => n(a.open_load), numeric: true },
                { key: 'p50', label: t('analytics.support.frtP50'), value: (a) => minutes(a.first_response_minutes.p50), numeric: true },
                { key: 'p90', label: t('analytics.support.frtP90'), value: (a) => minutes(a.first_response_minutes.p90), numeric: true },
                { key: 's', label: t('analytics.support.csat'), value: (a) => n(a.satisfaction_average, 2), numeric: true },
              ]}
            />
          }
        />
        <Counts id="csat" title={t('analytics.support.csatDistribution')} counts={f.satisfaction_distribution} table={table} />
      </SimpleGrid>
    </>
  );
}

export function SupportPage() {
  const [search] = useAnalyticsSearch();
  const figures = useQuery(supportOptions(search));
  const trends = useQuery(supportTrendsOptions(search));
  const agents = useQuery(agentNamesOptions());
  const names = new Map((agents.data?.items ?? []).map((a) => [a.user_id, a.username]));
  return (
    <Loaded query={figures}>
      {(f) => <Figures f={f} trends={trends.data} names={names} table={search.view === 'table'} />}
    </Loaded>
  );
}
