/** The row errors: a virtualised table (only the rows in view are in the DOM, so 100,000 errors cost what 20 do),
 * pages fetched as the reader scrolls near the end; and errors.csv with all of them. */
import { Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { errorMessage } from '@/lib/api';
import { formatNumber, t } from '@/lib/i18n';
import { errorsCsvUrl, useRowErrors, type RowError } from '../api/bulk';

const ROW_HEIGHT = 40;
// every column may shrink (long words wrap): at phone width the table fits without a sideways scroll
const GRID = 'minmax(2.5rem, 0.5fr) minmax(0, 1fr) minmax(0, 1.3fr) minmax(0, 3fr)';

function Cells({ e }: { e: RowError }): ReactNode {
  return (
    <>
      <div role="cell">{e.row ?? (e.user_id !== null ? `#${e.user_id}` : '')}</div>
      <div role="cell" style={{ overflowWrap: 'anywhere' }}>
        {e.field}
      </div>
      <div role="cell" style={{ overflowWrap: 'anywhere' }}>
        <code>{e.code}</code>
      </div>
      <div role="cell" style={{ overflowWrap: 'anywhere' }}>
        {e.message}
      </div>
    </>
  );
}

type Props = { operationId: number; total: number };

/** Redrawn only when the operation or its error total changes, never per progress event. */
export const ErrorTable = memo(function ErrorTable({ operationId, total }: Props): ReactNode {
  const query = useRowErrors(operationId, total > 0);
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 0, height: 400 }, // the box's height: rows on the first paint, before it is measured
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (last && last.index >= rows.length - 20 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [last, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4" id={`errors-${operationId}`}>
          {t('bulk.errors.title')}
        </Title>
        {total > 0 ? (
          <Button component="a" href={errorsCsvUrl(operationId)} download={`bulk-${operationId}-errors.csv`} variant="default">
            {t('bulk.errors.csv')}
          </Button>
        ) : null}
      </Group>
      {total === 0 ? <Text>{t('bulk.errors.none')}</Text> : null}
      {query.error ? (
        <Text c="red" role="alert">
          {errorMessage(query.error)}
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <Box
          ref={scroller}
          tabIndex={0}
          role="table"
          aria-labelledby={`errors-${operationId}`}
          aria-rowcount={total + 1}
          style={{ maxHeight: 400, overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
        >
          <div
            role="row"
            aria-rowindex={1}
            style={{ display: 'grid', gridTemplateColumns: GRID, gap: 8, padding: '6px 8px', fontWeight: 600, position: 'sticky', top: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}
          >
            <div role="columnheader">{t('bulk.errors.row')}</div>
            <div role="columnheader">{t('bulk.errors.field')}</div>
            <div role="columnheader">{t('bulk.errors.code')}</div>
            <div role="columnheader">{t('bulk.errors.message')}</div>
          </div>
          <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const e = rows[v.index];
              if (!e) return null;
              return (
                <div
                  key={v.key}
                  role="row"
                  aria-rowindex={v.index + 2}
                  data-index={v.index}
                  ref={virtual.measureElement}
                  style={{
                    display: 'grid',
                    gridTemplateColumns: GRID,
                    gap: 8,
                    padding: '6px 8px',
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${v.start}px)`,
                    fontSize: 'var(--mantine-font-size-sm)',
                  }}
                >
                  <Cells e={e} />
                </div>
              );
            })}
          </div>
        </Box>
      ) : null}
      {rows.length > 0 ? (
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('bulk.errors.shown', { shown: formatNumber(rows.length), total: formatNumber(total) })}
          </Text>
          {hasNextPage ? (
            <Button variant="subtle" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
              {t('bulk.errors.loadMore')}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
});
