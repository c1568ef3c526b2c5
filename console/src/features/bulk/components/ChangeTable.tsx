/** A dry run's "What would change": one line per changed field of each person (before → after), a page of people at
 * a time. The server keeps the first 1,000 people and counts them all. */
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { memo, useMemo, type ReactNode } from 'react';
import { AnchorLink } from '@/components/links';
import { errorMessage } from '@/lib/api';
import { formatNumber, t } from '@/lib/i18n';
import { useRowChanges, type RowChange } from '../api/bulk';

type Line = { key: string; change: RowChange; field: string; before: string; after: string; first: boolean };

function lines(changes: RowChange[]): Line[] {
  return changes.flatMap((c, i) =>
    c.changes.map((f, j) => ({ key: `${i}-${j}`, change: c, field: f.field, before: f.before, after: f.after, first: j === 0 })),
  );
}

function Person({ c }: { c: RowChange }): ReactNode {
  return (
    <>
      <AnchorLink to="/learners/$id" params={{ id: c.user_id }}>
        {c.username || `#${c.user_id}`}
      </AnchorLink>
      {c.row !== null ? <Text span size="xs" c="dimmed">{` ${t('bulk.changes.row', { row: c.row })}`}</Text> : null}
    </>
  );
}

type Props = { operationId: number; total: number };

export const ChangeTable = memo(function ChangeTable({ operationId, total }: Props): ReactNode {
  const query = useRowChanges(operationId, total > 0);
  const people = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const rows = useMemo(() => lines(people), [people]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const title = `changes-${operationId}`;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4" id={title}>
        {t('bulk.changes.title')}
      </Title>
      {total === 0 ? <Text>{t('bulk.changes.none')}</Text> : null}
      {query.error ? (
        <Text c="red" role="alert">
          {errorMessage(query.error)}
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={0} mah={400}>
          <Table aria-labelledby={title} striped fz="sm" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('bulk.changes.person')}</Table.Th>
                <Table.Th scope="col">{t('bulk.changes.field')}</Table.Th>
                <Table.Th scope="col">{t('bulk.changes.beforeAfter')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((l) => (
                <Table.Tr key={l.key}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{l.first ? <Person c={l.change} /> : null}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{l.field}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {l.before || t('bulk.changes.empty')} → <strong>{l.after || t('bulk.changes.empty')}</strong>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {people.length > 0 ? (
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('bulk.changes.shown', { shown: formatNumber(people.length), total: formatNumber(total) })}
          </Text>
          {hasNextPage ? (
            <Button variant="subtle" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
              {t('bulk.changes.loadMore')}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
});
