/** /monitoring/errors: the error stream, Sentry style: tabs (unresolved, new, regressed, ignored, resolved), a search
 * box with tokens (`is:regressed release:1.4 page:/courses source:client`), sorted by last seen, events or users. */
import '@/app/screenStyles';
import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';

import { errorMessage } from '@/lib/api';
import { formatNumber, formatRelative, t } from '@/lib/i18n';

import { useMonitoringLive } from '../api/live';
import { useGroups } from '../api/monitoring';
import { ERROR_TABS, GROUP_SORTS } from '../model/search';
import { parseTokens } from '../model/tokens';
import { MonitoringTabs } from './MonitoringTabs';

const route = getRouteApi('/app/monitoring/errors');

export function ErrorsPage() {
  useMonitoringLive();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if ((search.q ?? '') !== q) void navigate({ search: { ...search, q: q || undefined }, replace: true });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps
  const tab = search.tab ?? 'unresolved';
  const groups = useGroups({ ...search, tab });
  const items = groups.data?.pages.flatMap((p) => p.items) ?? [];
  const ignored = parseTokens(search.q ?? '').rest;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.errorsTitle')}
      </Title>
      <MonitoringTabs />
      <Group gap="sm" align="flex-end" wrap="wrap" role="search">
        <TextInput
          label={t('monitoring.errorSearch')}
          description={t('monitoring.errorSearchHint')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 380 }}
          data-screen-search
        />
        <Select
          label={t('monitoring.sort')}
          data={GROUP_SORTS.map((s) => ({ value: s, label: t(`monitoring.sort.${s}`) }))}
          value={search.sort ?? 'last_seen'}
          onChange={(v) => void navigate({ search: { ...search, sort: (v ?? undefined) as typeof search.sort }, replace: true })}
          w={{ base: '100%', sm: 180 }}
          allowDeselect={false}
        />
      </Group>
      {ignored.length > 0 && <Text size="sm" c="dimmed">{t('monitoring.tokensIgnored', { tokens: ignored.join(' ') })}</Text>}
      <Tabs value={tab} onChange={(v) => void navigate({ search: { ...search, tab: (v ?? 'unresolved') as typeof tab }, replace: true })}>
        <Tabs.List>
          {ERROR_TABS.map((s) => (
            <Tabs.Tab key={s} value={s}>
              {t(`monitoring.status.${s}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {ERROR_TABS.map((s) => (
          <Tabs.Panel key={s} value={s} pt="sm">
            {s === tab && (
              <Stack gap="md">
                {groups.isError && (
                  <Alert color="red" role="alert" title={t('monitoring.loadFailed')}>
                    {errorMessage(groups.error)}
                  </Alert>
                )}
                {groups.isPending && <Text role="status">{t('common.loading')}</Text>}
                {groups.isSuccess && items.length === 0 && <Text>{t('monitoring.noErrors')}</Text>}
                <Stack component="ul" gap="xs" p={0} m={0} aria-label={t('monitoring.errorList')}>
                  {items.map((g) => (
                    <li key={g.id} style={{ listStyle: 'none' }}>
                      <Paper withBorder p="xs">
                        <Group justify="space-between" wrap="wrap" gap="xs">
                          <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/errors/$id" params={{ id: g.id }} />} fw={600} style={{ wordBreak: 'break-word' }}>
                            {g.title}
                          </Anchor>
                          <Group gap={6}>
                            {g.is_new && <Badge variant="light" color="blue">{t('monitoring.status.new')}</Badge>}
                            {g.status !== 'unresolved' && <Badge variant="light" color={g.status === 'regressed' ? 'red' : 'gray'}>{t(`monitoring.status.${g.status}`)}</Badge>}
                            <Badge variant="outline">{g.source}</Badge>
                          </Group>
                        </Group>
                        <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
                          {g.culprit} · {t('monitoring.events', { count: g.count })} · {t('monitoring.users', { count: g.users })} ·{' '}
                          {t('monitoring.lastSeen', { when: formatRelative(g.last_seen) })}
                        </Text>
                      </Paper>
                    </li>
                  ))}
                </Stack>
                {groups.hasNextPage && (
                  <Button variant="default" onClick={() => void groups.fetchNextPage()} loading={groups.isFetchingNextPage} style={{ alignSelf: 'center' }}>
                    {t('common.loadMore')} ({formatNumber(items.length)})
                  </Button>
                )}
              </Stack>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
