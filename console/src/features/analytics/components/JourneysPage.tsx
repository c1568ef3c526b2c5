/** /analytics/journeys: the funnel from signup to completion for the learners who signed up in the range (a step
 * opens those learners), with the medians between steps and the modules after which learners stop. */
import '@/app/screenStyles';
import '../charts/axis';
import { SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';

import { t, type MessageKey } from '@/lib/i18n';

import { journeysOptions } from '../api/queries';
import type { Journeys } from '../api/types';
import { axisOption } from '../charts/options';
import { EChart } from '../charts/EChart';
import { n, pct } from '../model/format';
import { signupLearners } from '../model/links';
import { rangeOf } from '../model/search';
import { ChartCard } from './ChartCard';
import { DataTable } from './DataTable';
import { Loaded } from './Loaded';
import { useAnalyticsSearch } from './useAnalyticsSearch';

const stepName = (name: string) => t(`analytics.step.${name}` as MessageKey);

function Figures({ j, table, stepHref }: { j: Journeys; table: boolean; stepHref: string }) {
  const router = useRouter();
  const dropOffs = j.drop_offs.slice(0, 15);
  const where = (d: Journeys['drop_offs'][number]) => `${d.course} · ${d.module || t('analytics.journeys.noModule')}`;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <ChartCard
        id="funnel"
        title={t('analytics.journeys.funnel')}
        description={t('analytics.journeys.funnelHint')}
        table={table}
        chart={() => (
          <EChart
            testId="chart-funnel"
            onClick={() => void router.navigate({ href: stepHref })}
            option={() =>
              axisOption(
                j.funnel.map((s) => stepName(s.name)),
                [{ name: t('analytics.col.learners'), values: j.funnel.map((s) => s.learners), kind: 'bar' }],
                true,
              )
            }
          />
        )}
        data={
          <DataTable
            caption={t('analytics.journeys.funnel')}
            rows={j.funnel}
            rowKey={(s) => s.name}
            columns={[
              { key: 'step', label: t('analytics.col.step'), value: (s) => stepName(s.name) },
              { key: 'learners', label: t('analytics.col.learners'), value: (s) => n(s.learners), numeric: true, href: () => stepHref },
              { key: 'conv', label: t('analytics.col.conversion'), value: (s) => pct(s.conversion), numeric: true },
              { key: 'overall', label: t('analytics.col.overall'), value: (s) => pct(s.overall), numeric: true },
              { key: 'median', label: t('analytics.col.medianHours'), value: (s) => n(s.median_hours_from_previous, 1), numeric: true },
            ]}
          />
        }
      />
      <ChartCard
        id="dropoffs"
        title={t('analytics.journeys.dropOffs')}
        description={t('analytics.journeys.dropOffsHint')}
        table={table}
        chart={() => (
          <EChart
            testId="chart-dropoffs"
            option={() =>
              axisOption(
                dropOffs.map(where),
                [{ name: t('analytics.col.lost'), values: dropOffs.map((d) => d.learners_lost), kind: 'bar' }],
                true,
              )
            }
          />
        )}
        data={
          <DataTable
            caption={t('analytics.journeys.dropOffs')}
            rows={j.drop_offs}
            rowKey={(d) => `${d.course}/${d.module}`}
            columns={[
              { key: 'where', label: t('analytics.col.module'), value: where },
              { key: 'lost', label: t('analytics.col.lost'), value: (d) => n(d.learners_lost), numeric: true },
              { key: 'share', label: t('analytics.col.shareOfStops'), value: (d) => pct(d.share_of_course_stops), numeric: true },
            ]}
          />
        }
      />
    </SimpleGrid>
  );
}

export function JourneysPage() {
  const [search] = useAnalyticsSearch();
  const query = useQuery(journeysOptions(search));
  const { from, to } = rangeOf(search);
  const stepHref = signupLearners(from, to, search.course);
  return <Loaded query={query}>{(j) => <Figures j={j} table={search.view === 'table'} stepHref={stepHref} />}</Loaded>;
}
