/** /monitoring/sessions/$id: one session's health (with its reasons), device and timeline of pages, errors and slow
 * calls, the replay when the learner consented, and the way to the learner's profile or an impersonation. */
import '@/app/screenStyles';
import { Alert, Anchor, Badge, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';

import { errorMessage } from '@/lib/api';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';

import { useSession } from '../api/monitoring';
import { band, BAND_COLOR } from '../model/health';
import { timeline } from '../model/timeline';
import { MonitoringTabs } from './MonitoringTabs';
import { ReplayPlayer } from './ReplayPlayer';

const route = getRouteApi('/app/monitoring/sessions/$id');

export function SessionPage() {
  const { id } = route.useParams();
  const query = useSession(id);
  const d = query.data;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.session', { id })}
      </Title>
      <MonitoringTabs />
      {query.isError && (
        <Alert color="red" role="alert" title={t('monitoring.loadFailed')}>
          {errorMessage(query.error)}
        </Alert>
      )}
      {query.isPending && <Loader aria-label={t('common.loading')} />}
      {d && (
        <>
          <Group gap="md" wrap="wrap">
            <Anchor renderRoot={(props) => <Link {...props} to="/learners/$id" params={{ id: d.summary.user_id }} />}>
              {t('monitoring.openProfile')}
            </Anchor>
            <Anchor href={`/console/impersonation?learner=${d.summary.user_id}&session=${d.summary.id}`}>
              {t('monitoring.requestImpersonation')}
            </Anchor>
          </Group>
          <section aria-labelledby="session-health">
            <Group gap="sm">
              <Title order={2} size="h4" id="session-health">
                {t('monitoring.health')}
              </Title>
              <Badge variant="light" size="lg" color={BAND_COLOR[band(d.summary.health)]} data-testid="session-health">
                {d.summary.health}
              </Badge>
              {d.summary.staff && <Badge variant="light" color="grape">{t('monitoring.staffBadge')}</Badge>}
              {d.summary.online && <Badge variant="light" color="teal">{t('monitoring.onlineBadge')}</Badge>}
            </Group>
            {d.health_reasons.length > 0 ? (
              <List mt="xs">
                {d.health_reasons.map((r) => (
                  <List.Item key={r}>{r}</List.Item>
                ))}
              </List>
            ) : (
              <Text c="dimmed">{t('monitoring.noHealthReasons')}</Text>
            )}
          </section>
          <Text size="sm">
            {[`${d.summary.browser} ${d.browser_version}`, `${d.summary.os} ${d.os_version}`, d.summary.device].join(' · ')}
            {d.screen_width ? ` · ${d.screen_width}×${d.screen_height ?? 0}` : ''} · {t('monitoring.started', { when: formatDateTime(d.summary.started_at) })} ·{' '}
            {t('monitoring.duration', { minutes: formatNumber(Math.round(d.duration_seconds / 60)) })}
          </Text>
          <section aria-labelledby="session-timeline">
            <Title order={2} size="h4" id="session-timeline">
              {t('monitoring.timeline')}
            </Title>
            <Stack component="ol" gap={4} p={0} m={0} mt="xs" aria-labelledby="session-timeline">
              {timeline(d).map((e, i) => (
                <li key={i} style={{ listStyle: 'none' }}>
                  <Text span size="sm" c="dimmed" mr="xs">
                    {formatDateTime(e.at)}
                  </Text>
                  {e.kind === 'page' && (
                    <Text span style={{ wordBreak: 'break-all' }}>
                      <Badge variant="outline" mr={6}>{t('monitoring.kind.page')}</Badge>
                      {e.title || e.url}
                    </Text>
                  )}
                  {e.kind === 'error' && (
                    <Text span>
                      <Badge variant="light" color="red" mr={6}>{t('monitoring.kind.error')}</Badge>
                      <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/errors/$id" params={{ id: e.groupId }} />}>
                        {e.errorType}: {e.message}
                      </Anchor>
                    </Text>
                  )}
                  {e.kind === 'slow' && (
                    <Text span>
                      <Badge variant="light" color="yellow" mr={6}>{t('monitoring.kind.slow')}</Badge>
                      {e.route} · {e.durationMs} ms
                    </Text>
                  )}
                </li>
              ))}
            </Stack>
          </section>
          <section aria-labelledby="session-replay">
            <Title order={2} size="h4" id="session-replay">
              {t('monitoring.replay')}
            </Title>
            {d.replay.length > 0 ? <ReplayPlayer chunks={d.replay} /> : <Text c="dimmed">{t('monitoring.noReplay')}</Text>}
          </section>
        </>
      )}
    </Stack>
  );
}
