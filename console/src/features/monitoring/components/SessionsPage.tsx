/** /monitoring/sessions: the live list (newest activity first, keyset pages, virtualised), filtered by online,
 * errors, browser, OS and learner; every pulse re-reads it. */
import '@/app/screenStyles';
import { Alert, Checkbox, Group, Loader, NativeSelect, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';

import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

import { useMonitoringLive } from '../api/live';
import { useSessions } from '../api/monitoring';
import { MonitoringTabs } from './MonitoringTabs';
import { SessionRow } from './SessionRow';

const route = getRouteApi('/app/monitoring/sessions');

function useDebounced(value: string, apply: (v: string) => void) {
  useEffect(() => {
    const timer = window.setTimeout(() => apply(value), 300);
    return () => window.clearTimeout(timer);
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
}

export function SessionsPage() {
  useMonitoringLive();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const set = (patch: Partial<typeof search>) => void navigate({ search: { ...search, ...patch }, replace: true });
  const [browser, setBrowser] = useState(search.browser ?? '');
  const [os, setOs] = useState(search.os ?? '');
  useDebounced(browser, (v) => (v || undefined) !== search.browser && set({ browser: v || undefined }));
  useDebounced(os, (v) => (v || undefined) !== search.os && set({ os: v || undefined }));
  const query = useSessions(search);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const viewport = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => viewport.current, estimateSize: () => 96, overscan: 8 });
  const rows = virtual.getVirtualItems();
  const last = rows[rows.length - 1];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (last && last.index >= items.length - 5 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [last, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.sessions')}
      </Title>
      <MonitoringTabs />
      <Group gap="sm" align="flex-end" wrap="wrap" role="search">
        <Checkbox label={t('monitoring.onlyOnline')} checked={search.online === true} onChange={(e) => set({ online: e.currentTarget.checked || undefined })} />
        <Checkbox label={t('monitoring.onlyErrors')} checked={search.errors === true} onChange={(e) => set({ errors: e.currentTarget.checked || undefined })} />
        <NativeSelect
          label={t('monitoring.who')}
          value={search.staff === undefined ? '' : String(search.staff)}
          onChange={(e) => set({ staff: e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'true' })}
          data={[
            { value: '', label: t('monitoring.who.everyone') },
            { value: 'false', label: t('monitoring.who.learners') },
            { value: 'true', label: t('monitoring.who.staff') },
          ]}
          w={{ base: '100%', sm: 160 }}
        />
        <TextInput label={t('monitoring.browser')} value={browser} onChange={(e) => setBrowser(e.currentTarget.value)} w={{ base: '100%', sm: 160 }} />
        <TextInput label={t('monitoring.os')} value={os} onChange={(e) => setOs(e.currentTarget.value)} w={{ base: '100%', sm: 160 }} />
      </Group>
      {query.isError && (
        <Alert color="red" role="alert" title={t('monitoring.loadFailed')}>
          {errorMessage(query.error)}
        </Alert>
      )}
      {query.isPending && <Loader aria-label={t('common.loading')} />}
      {query.isSuccess && items.length === 0 && <Text>{t('monitoring.noSessions')}</Text>}
      {items.length > 0 && (
        <ScrollArea h="calc(100dvh - 300px)" mih={320} viewportRef={viewport} type="auto" offsetScrollbars viewportProps={{ tabIndex: 0, 'aria-label': t('monitoring.sessionList') }}>
          <ol aria-label={t('monitoring.sessionList')} style={{ listStyle: 'none', padding: 0, margin: 0, height: virtual.getTotalSize(), position: 'relative' }}>
            {rows.map((row) => {
              const s = items[row.index];
              if (!s) return null;
              return (
                <li key={s.id} data-index={row.index} ref={virtual.measureElement} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)`, paddingBottom: 6 }}>
                  <SessionRow s={s} />
                </li>
              );
            })}
          </ol>
        </ScrollArea>
      )}
    </Stack>
  );
}
