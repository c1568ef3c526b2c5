/** /monitoring/errors/$id: one error group: its state, frequency, releases and browsers, the learners affected,
 * the stack (as the API gives it: de-minified once source maps are uploaded) and its breadcrumbs. */
import '@/app/screenStyles';
import { Alert, Anchor, Badge, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';

import { errorMessage } from '@/lib/api';
import { formatDateTime, t } from '@/lib/i18n';

import { useMonitoringLive } from '../api/live';
import { useGroup } from '../api/monitoring';
import { GroupActions } from './GroupActions';
import { MonitoringTabs } from './MonitoringTabs';

const route = getRouteApi('/app/monitoring/errors/$id');
// ECharts loads after the group: the page reads at once, the chart follows
const Sparkline = lazy(() => import('./Sparkline').then((m) => ({ default: m.Sparkline })));

export function ErrorPage() {
  useMonitoringLive();
  const { id } = route.useParams();
  const query = useGroup(id);
  const d = query.data;
  const g = d?.summary;
  const sample = d?.samples[0];
  const learners = [...new Set((d?.samples ?? []).map((s) => s.user_id).filter((u): u is number => u !== null))];
  return (
    <Stack gap="md">
      <MonitoringTabs />
      {query.isError && (
        <Alert color="red" role="alert" title={t('monitoring.loadFailed')}>
          {errorMessage(query.error)}
        </Alert>
      )}
      {query.isPending && <Loader aria-label={t('common.loading')} />}
      {d && g && (
        <>
          <Title order={1} size="h2" style={{ wordBreak: 'break-word' }}>
            {g.title}
          </Title>
          <Group gap={6} wrap="wrap">
            <Badge variant="light" data-testid="group-status" color={g.status === 'regressed' ? 'red' : g.status === 'resolved' ? 'green' : 'gray'}>
              {t(`monitoring.status.${g.status}`)}
            </Badge>
            {g.is_new && <Badge variant="light" color="blue">{t('monitoring.status.new')}</Badge>}
            <Text size="sm" c="dimmed">
              {g.culprit} · {t('monitoring.events', { count: g.count })} · {t('monitoring.users', { count: g.users })} ·{' '}
              {t('monitoring.firstLast', { first: formatDateTime(g.first_seen), last: formatDateTime(g.last_seen) })}
            </Text>
          </Group>
          <GroupActions group={g} />
          <Suspense fallback={null}>
            <Sparkline points={d.histogram} />
          </Suspense>
          <Text size="sm">
            {t('monitoring.releases')}: {d.releases.map((r) => `${r.name} (${r.count})`).join(', ') || '–'} · {t('monitoring.browsers')}:{' '}
            {d.browsers.map((b) => `${b.name} (${b.count})`).join(', ') || '–'}
          </Text>
          <section aria-labelledby="affected">
            <Title order={2} size="h4" id="affected">
              {t('monitoring.affected')}
            </Title>
            <Group gap="sm" wrap="wrap">
              {learners.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
              {learners.map((u) => (
                <Anchor key={u} renderRoot={(props) => <Link {...props} to="/learners/$id" params={{ id: u }} />}>
                  {t('monitoring.learner', { id: u })}
                </Anchor>
              ))}
            </Group>
          </section>
          {sample && (
            <section aria-labelledby="stack">
              <Title order={2} size="h4" id="stack">
                {t('monitoring.stack')}
              </Title>
              <Text size="sm">{sample.error_type}: {sample.message}</Text>
              <Stack component="ol" gap={2} p={0} m={0} mt="xs" aria-labelledby="stack">
                {[...sample.stack].reverse().map((f, i) => (
                  <li key={i} style={{ listStyle: 'none', opacity: f.in_app ? 1 : 0.7 }}>
                    <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {f.function || '?'} ({f.filename}
                      {f.lineno !== null ? `:${f.lineno}` : ''})
                    </Code>
                    {f.context_line && <Text size="xs" c="dimmed">{f.context_line}</Text>}
                  </li>
                ))}
              </Stack>
              {sample.session_id !== null && (
                <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/sessions/$id" params={{ id: sample.session_id ?? 0 }} />}>
                  {t('monitoring.openSession')}
                </Anchor>
              )}
            </section>
          )}
        </>
      )}
    </Stack>
  );
}
