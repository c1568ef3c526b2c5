/** The activity timeline: endless (keyset pages load as the end scrolls into view), filtered by type in the URL,
 * virtualised so a long history stays light. */
import { Alert, Button, Loader, Paper, ScrollArea, Stack, TagsInput, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { $api, errorMessage } from '@/lib/api';
import { formatDateTime, t } from '@/lib/i18n';

export function ActivityTab({ learnerId, types, onTypes }: { learnerId: number; types: string[]; onTypes: (types: string[]) => void }): ReactNode {
  const query = $api.useInfiniteQuery(
    'get',
    '/api/users/activity/{user_id}/',
    { params: { path: { user_id: learnerId }, query: { limit: 50, ...(types.length ? { type: types } : {}) } } },
    {
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
      pageParamName: 'cursor',
    },
  );
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const known = useMemo(() => [...new Set([...items.map((i) => i.activity_type), ...types])].sort(), [items, types]);
  const viewport = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: items.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => 64,
    overscan: 8,
  });
  const rows = virtual.getVirtualItems();
  const last = rows[rows.length - 1];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (last && last.index >= items.length - 5 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [last, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Stack gap="sm">
      <TagsInput
        label={t('profile.activityType')}
        data={known}
        value={types}
        onChange={onTypes}
        clearable
        maxTags={20}
      />
      {query.error ? (
        <Alert color="red" role="alert">
          {errorMessage(query.error)}
        </Alert>
      ) : null}
      {query.isPending ? <Loader aria-label={t('common.loading')} /> : null}
      {!query.isPending && items.length === 0 ? <Text size="sm">{t('profile.activityEmpty')}</Text> : null}
      {items.length > 0 ? (
        <ScrollArea h={520} viewportRef={viewport} type="auto" offsetScrollbars>
          <ol style={{ listStyle: 'none', padding: 0, margin: 0, height: virtual.getTotalSize(), position: 'relative' }}>
            {rows.map((row) => {
              const a = items[row.index];
              if (!a) return null;
              return (
                <li
                  key={a.id}
                  data-index={row.index}
                  ref={virtual.measureElement}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)`, paddingBottom: 6 }}
                >
                  <Paper withBorder p="xs">
                    <Text size="sm" fw={500}>
                      {a.description || a.activity_type}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                      <time dateTime={a.timestamp}>{formatDateTime(a.timestamp)}</time> · {a.activity_type}
                      {a.ip_address ? ` · ${a.ip_address}` : ''}
                    </Text>
                  </Paper>
                </li>
              );
            })}
          </ol>
        </ScrollArea>
      ) : null}
      {hasNextPage ? (
        <Button variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      ) : items.length > 0 ? (
        <Text size="xs" c="dimmed">
          {t('profile.activityEnd')}
        </Text>
      ) : null}
    </Stack>
  );
}
