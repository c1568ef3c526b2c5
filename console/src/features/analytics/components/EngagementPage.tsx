/** /analytics/engagement: active learners (DAU/WAU/MAU), stickiness, minutes learned, the hour × weekday heatmap
 * and the lifecycle, for the range and segment, beside a comparison period when one is chosen. */
import '@/app/screenStyles';
import '../charts/axis';
import '../charts/heat';
import { SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { t } from '@/lib/i18n';

import { engagementComparisonOptions, engagementOptions } from '../api/queries';
import type { Engagement } from '../api/types';
import { axisOption, heatOption, HOURS, WEEKDAYS } from '../charts/options';
import { EChart } from '../charts/EChart';
import { change, minutes, n, pct } from '../model/format';
import { ChartCard } from './ChartCard';
import { DataTable } from './DataTable';
import { Kpis } from './Kpis';
import { Loaded } from './Loaded';
import { useAnalyticsSearch } from './useAnalyticsSearch';

type Point = Engagement['series'][number];

function Figures({ e, before, table }: { e: Engagement; before: Engagement | undefined; table: boolean }) {
  const days = e.series.map((p) => p.start);
  const lifecycle = (p: Point) => p.lifecycle;
  return (
    <>
      <Kpis
        label={t('analytics.engagement.kpis')}
        items={[
          { label: t('analytics.kpi.active'), value: n(e.active), change: before && change(e.active, before.active) },
          { label: t('analytics.kpi.dau'), value: n(e.dau, 1), change: before && change(e.dau, before.dau) },
          { label: t('analytics.kpi.wau'), value: n(e.wau), change: before && change(e.wau, before.wau) },
          { label: t('analytics.kpi.mau'), value: n(e.mau), change: before && change(e.mau, before.mau) },
          { label: t('analytics.kpi.stickiness'), value: pct(e.stickiness), change: before && change(e.stickiness, before.stickiness) },
          { label: t('analytics.kpi.minutes'), value: minutes(e.minutes), change: before && change(e.minutes, before.minutes) },
          { label: t('analytics.kpi.medianDay'), value: minutes(e.median_day_minutes) },
          { label: t('analytics.kpi.p90Day'), value: minutes(e.p90_day_minutes) },
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <ChartCard
          id="active"
          title={t('analytics.engagement.active')}
          description={before ? t('analytics.engagement.activeCompare') : undefined}
          table={table}
          chart={() => (
            <EChart
              testId="chart-active"
              option={() =>
                axisOption(days, [
                  { name: t('analytics.kpi.active'), values: e.series.map((p) => p.active) },
                  { name: t('analytics.kpi.dau'), values: e.series.map((p) => p.dau) },
                  { name: t('analytics.kpi.wau'), values: e.series.map((p) => p.wau) },
                  { name: t('analytics.kpi.mau'), values: e.series.map((p) => p.mau) },
                  ...(before
                    ? [{ name: t('analytics.engagement.activeBefore'), values: before.series.map((p) => p.active) }]
                    : []),
                ])
              }
            />
          )}
          data={
            <DataTable
              caption={t('analytics.engagement.active')}
              rows={e.series.map((p, i) => ({ p, b: before?.series[i] }))}
              rowKey={(r) => r.p.start}
              columns={[
                { key: 'start', label: t('analytics.col.period'), value: (r) => r.p.start },
                { key: 'active', label: t('analytics.kpi.active'), value: (r) => n(r.p.active), numeric: true },
                { key: 'dau', label: t('analytics.kpi.dau'), value: (r) => n(r.p.dau, 1), numeric: true },
                { key: 'wau', label: t('analytics.kpi.wau'), value: (r) => n(r.p.wau), numeric: true },
                { key: 'mau', label: t('analytics.kpi.mau'), value: (r) => n(r.p.mau), numeric: true },
                { key: 'stick', label: t('analytics.kpi.stickiness'), value: (r) => pct(r.p.stickiness), numeric: true },
                ...(before
                  ? [{ key: 'before', label: t('analytics.engagement.activeBefore'), value: (r: { b?: Point }) => n(r.b?.active), numeric: true }]
                  : []),
              ]}
            />
          }
        />
        <ChartCard
          id="minutes"
          title={t('analytics.engagement.minutes')}
          table={table}
          chart={() => (
            <EChart
              testId="chart-minutes"
              option={() =>
                axisOption(days, [
                  { name: t('analytics.kpi.minutes'), values: e.series.map((p) => p.minutes), kind: 'bar' },
                  { name: t('analytics.col.perActive'), values: e.series.map((p) => p.minutes_per_active) },
                ])
              }
            />
          )}
          data={
            <DataTable
              caption={t('analytics.engagement.minutes')}
              rows={e.series}
              rowKey={(p) => p.start}
              columns={[
                { key: 'start', label: t('analytics.col.period'), value: (p) => p.start },
                { key: 'minutes', label: t('analytics.kpi.minutes'), value: (p) => n(p.minutes), numeric: true },
                { key: 'per', label: t('analytics.col.perActive'), value: (p) => n(p.minutes_per_active, 1), numeric: true },
                { key: 'median', label: t('analytics.kpi.medianDay'), value: (p) => n(p.median_day_minutes), numeric: true },
                { key: 'p90', label: t('analytics.kpi.p90Day'), value: (p) => n(p.p90_day_minutes), numeric: true },
              ]}
            />
          }
        />
        <ChartCard
          id="heatmap"
          title={t('analytics.engagement.heatmap')}
          description={t('analytics.engagement.heatmapHint')}
          table={table}
          chart={() => <EChart testId="chart-heatmap" option={(dark) => heatOption(HOURS, WEEKDAYS, e.heatmap, dark)} />}
          data={
            <DataTable
              caption={t('analytics.engagement.heatmap')}
              rows={e.heatmap.map((hours, d) => ({ day: WEEKDAYS[d] ?? '', hours }))}
              rowKey={(r) => r.day}
              columns={[
                { key: 'day', label: t('analytics.col.weekday'), value: (r) => r.day },
                ...HOURS.map((h, i) => ({ key: h, label: h, value: (r: { hours: number[] }) => n(r.hours[i]), numeric: true })),
              ]}
            />
          }
        />
        <ChartCard
          id="lifecycle"
          title={t('analytics.engagement.lifecycle')}
          description={t('analytics.engagement.lifecycleHint')}
          table={table}
          chart={() => (
            <EChart
              testId="chart-lifecycle"
              option={() =>
                axisOption(days, [
                  { name: t('analytics.lifecycle.new'), values: e.series.map((p) => lifecycle(p).new), kind: 'bar', stack: 'a' },
                  { name: t('analytics.lifecycle.returning'), values: e.series.map((p) => lifecycle(p).returning), kind: 'bar', stack: 'a' },
                  { name: t('analytics.lifecycle.resurrecting'), values: e.series.map((p) => lifecycle(p).resurrecting), kind: 'bar', stack: 'a' },
                  { name: t('analytics.lifecycle.dormant'), values: e.series.map((p) => -lifecycle(p).dormant), kind: 'bar', stack: 'a' },
                ])
              }
            />
          )}
          data={
            <DataTable
              caption={t('analytics.engagement.lifecycle')}
              rows={e.series}
              rowKey={(p) => p.start}
              columns={[
                { key: 'start', label: t('analytics.col.period'), value: (p) => p.start },
                { key: 'new', label: t('analytics.lifecycle.new'), value: (p) => n(p.lifecycle.new), numeric: true },
                { key: 'ret', label: t('analytics.lifecycle.returning'), value: (p) => n(p.lifecycle.returning), numeric: true },
                { key: 'res', label: t('analytics.lifecycle.resurrecting'), value: (p) => n(p.lifecycle.resurrecting), numeric: true },
                { key: 'dor', label: t('analytics.lifecycle.dormant'), value: (p) => n(p.lifecycle.dormant), numeric: true },
              ]}
            />
          }
        />
      </SimpleGrid>
      <DataTable
        caption={t('analytics.engagement.patterns')}
        rows={e.patterns}
        rowKey={(p) => p.name}
        columns={[
          { key: 'name', label: t('analytics.col.pattern'), value: (p) => p.description || p.name },
          { key: 'learners', label: t('analytics.col.learners'), value: (p) => n(p.learners), numeric: true },
          { key: 'share', label: t('analytics.col.share'), value: (p) => pct(p.share), numeric: true },
        ]}
      />
    </>
  );
}

export function EngagementPage() {
  const [search] = useAnalyticsSearch();
  const current = useQuery(engagementOptions(search));
  const cmpOptions = engagementComparisonOptions(search);
  const before = useQuery({ ...(cmpOptions ?? engagementOptions(search)), enabled: cmpOptions !== null });
  return (
    <Loaded query={current}>
      {(e) => <Figures e={e} before={cmpOptions ? before.data : undefined} table={search.view === 'table'} />}
    </Loaded>
  );
}
