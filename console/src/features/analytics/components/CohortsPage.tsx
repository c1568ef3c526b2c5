/** /analytics/cohorts: the retention matrix (a cell opens the cohort's learners) and two segments side by side. */
import '@/app/screenStyles';
import '../charts/axis';
import '../charts/heat';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';

import { t } from '@/lib/i18n';

import { cohortsOptions } from '../api/queries';
import type { Cohorts } from '../api/types';
import { axisOption, heatOption } from '../charts/options';
import { EChart } from '../charts/EChart';
import { minutes, n, pct } from '../model/format';
import { cohortLearners } from '../model/links';
import { ChartCard } from './ChartCard';
import { DataTable } from './DataTable';
import { Loaded } from './Loaded';
import { useAnalyticsSearch } from './useAnalyticsSearch';

type Row = Cohorts['rows'][number];

function Figures({ c, table, course }: { c: Cohorts; table: boolean; course: string | undefined }) {
  const router = useRouter();
  const periods = Math.max(0, ...c.rows.map((r) => r.shares.length));
  const xs = Array.from({ length: periods }, (_, i) => String(i));
  // only signup cohorts map onto the learner search's "joined" range
  const href = (r: Row) => (c.by === 'signup_month' ? cohortLearners(r.cohort, course) : null);
  return (
    <>
      <ChartCard
        id="retention"
        title={t('analytics.cohorts.retention')}
        description={t('analytics.cohorts.retentionHint', { period: t(`analytics.interval.${c.period === 'week' ? 'week' : 'month'}`) })}
        table={table}
        chart={() => (
          <EChart
            testId="chart-retention"
            height={Math.max(220, 40 + c.rows.length * 32)}
            onClick={(e) => {
              const row = c.rows[Array.isArray(e.value) ? Number(e.value[1]) : -1];
              const to = row && href(row);
              if (to) void router.navigate({ href: to });
            }}
            option={(dark) =>
              heatOption(
                xs,
                c.rows.map((r) => `${r.cohort} (${n(r.size)})`),
                c.rows.map((r) => xs.map((_, i) => r.shares[i] ?? null)),
                dark,
                (v) => pct(v),
              )
            }
          />
        )}
        data={
          <DataTable
            caption={t('analytics.cohorts.retention')}
            rows={c.rows}
            rowKey={(r) => r.cohort}
            columns={[
              { key: 'cohort', label: t('analytics.col.cohort'), value: (r) => r.cohort, href },
              { key: 'size', label: t('analytics.col.size'), value: (r) => n(r.size), numeric: true },
              ...xs.map((x, i) => ({
                key: x,
                label: t('analytics.col.periodN', { n: i }),
                value: (r: Row) => (r.shares[i] === undefined ? '' : `${pct(r.shares[i])} (${n(r.counts[i])})`),
                numeric: true,
              })),
            ]}
          />
        }
      />
      {c.comparison.length > 0 && (
        <ChartCard
          id="comparison"
          title={t('analytics.cohorts.comparison')}
          description={t('analytics.cohorts.comparisonHint', { n: c.n })}
          table={table}
          chart={() => (
            <EChart
              testId="chart-comparison"
              option={() =>
                axisOption(
                  [t('analytics.col.completion'), t('analytics.col.retentionN', { n: c.n })],
                  c.comparison.map((s) => ({
                    name: s.segment || t('analytics.everyone'),
                    values: [s.completion_share * 100, s.retention_at_n === null ? null : s.retention_at_n * 100],
                    kind: 'bar' as const,
                  })),
                )
              }
            />
          )}
          data={
            <DataTable
              caption={t('analytics.cohorts.comparison')}
              rows={c.comparison}
              rowKey={(s) => s.segment}
              columns={[
                { key: 'segment', label: t('analytics.col.segment'), value: (s) => s.segment || t('analytics.everyone') },
                { key: 'active', label: t('analytics.kpi.active'), value: (s) => n(s.active), numeric: true },
                { key: 'minutes', label: t('analytics.kpi.minutes'), value: (s) => minutes(s.minutes), numeric: true },
                { key: 'per', label: t('analytics.col.perActive'), value: (s) => n(s.minutes_per_active, 1), numeric: true },
                { key: 'done', label: t('analytics.col.completion'), value: (s) => pct(s.completion_share), numeric: true },
                { key: 'ret', label: t('analytics.col.retentionN', { n: c.n }), value: (s) => pct(s.retention_at_n), numeric: true },
              ]}
            />
          }
        />
      )}
    </>
  );
}

export function CohortsPage() {
  const [search] = useAnalyticsSearch();
  const query = useQuery(cohortsOptions(search));
  const course = search.segment?.startsWith('course:') ? search.segment.slice(7) : undefined;
  return <Loaded query={query}>{(c) => <Figures c={c} table={search.view === 'table'} course={course} />}</Loaded>;
}
