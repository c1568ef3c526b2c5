/** Search results: a table of real links (TanStack Table, columns chosen by the person); a list on phones. */
import { Badge, Card, Checkbox, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type VisibilityState } from '@tanstack/react-table';
import { memo, useMemo, type ReactNode } from 'react';
import { AnchorLink } from '@/components/links';
import { PriorityBadge, RiskBadge, StatusBadge } from '@/components/badges';
import type { Schemas } from '@/lib/api';
import { formatDate, formatNumber, formatRelative, formatDateTime, t, type MessageKey } from '@/lib/i18n';
import { COLUMNS, type ColumnId } from '../search';

export type Learner = Schemas['ProfileSummaryOut'];

export function displayName(l: { first_name: string; last_name: string; username: string }): string {
  return `${l.first_name} ${l.last_name}`.trim() || l.username;
}

/** How the learner matched the search, shown unless exact (a close spelling in yellow). */
export function MatchBadge({ match }: { match: Learner['match'] }): ReactNode {
  if (!match || match === 'exact') return null;
  return (
    <Badge size="xs" variant="light" color={match === 'typo' ? 'yellow' : 'gray'} title={t('learners.match.hint')}>
      {t(`learners.match.${match}` as MessageKey)}
    </Badge>
  );
}

function ProfileLink({ learner }: { learner: Learner }): ReactNode {
  return (
    <Group gap={6} wrap="nowrap">
      <AnchorLink to="/learners/$id" params={{ id: learner.id }} fw={500}>
        {displayName(learner)}
      </AnchorLink>
      <MatchBadge match={learner.match} />
    </Group>
  );
}

function When({ iso }: { iso: string | null }): ReactNode {
  return iso ? <time dateTime={iso} title={formatDateTime(iso)}>{formatRelative(iso)}</time> : <>{t('common.never')}</>;
}

const col = createColumnHelper<Learner>();
const header = (id: ColumnId) => t(`learners.col.${id}` as MessageKey);

const columns = [
  col.display({ id: 'name', header: header('name'), cell: (c) => <ProfileLink learner={c.row.original} /> }),
  col.accessor('username', { id: 'username', header: header('username') }),
  col.accessor('email', { id: 'email', header: header('email'), cell: (c) => <Text size="sm" style={{ wordBreak: 'break-all' }}>{c.getValue()}</Text> }),
  col.accessor('account_status', { id: 'status', header: header('status'), cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor('platform_role', { id: 'role', header: header('role'), cell: (c) => t(`role.${c.getValue()}` as MessageKey) }),
  col.accessor('support_priority', { id: 'priority', header: header('priority'), cell: (c) => <PriorityBadge priority={c.getValue()} /> }),
  col.accessor('risk_score', { id: 'risk', header: header('risk'), cell: (c) => <RiskBadge score={c.getValue()} /> }),
  col.accessor('completion_rate', {
    id: 'completion',
    header: header('completion'),
    cell: (c) => `${formatNumber(Math.round(c.getValue()))} %`,
  }),
  col.accessor('enrollment_count', { id: 'enrollments', header: header('enrollments'), cell: (c) => formatNumber(c.getValue()) }),
  col.accessor('last_activity', { id: 'lastActivity', header: header('lastActivity'), cell: (c) => <When iso={c.getValue()} /> }),
  col.accessor('date_joined', { id: 'joined', header: header('joined'), cell: (c) => formatDate(c.getValue()) }),
];

/** Rows picked for a bulk action (only offered to roles that may run one). */
export type Selection = { ids: ReadonlySet<number>; toggle: (ids: number[], on: boolean) => void };
type TableProps = { rows: Learner[]; visible: ColumnId[]; selection?: Selection };

/** Re-rendered only for new rows or other columns: a keystroke or a URL change that keeps the last answer on
 * screen (while the next one loads) does not redraw 50 rows. */
export const ResultsTable = memo(
  ResultsTableRows,
  (a: TableProps, b: TableProps) => a.rows === b.rows && a.visible.join() === b.visible.join() && a.selection === b.selection,
);

function ResultsTableRows({ rows, visible, selection }: TableProps): ReactNode {
  const columnVisibility = useMemo<VisibilityState>(
    () => Object.fromEntries(COLUMNS.map((c) => [c, c === 'name' || visible.includes(c)])),
    [visible],
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { columnVisibility },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.id),
  });
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('learners.results')}>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {selection ? (
                <Table.Th scope="col">
                  <Checkbox
                    aria-label={t('bulk.handoff.selectPage')}
                    checked={rows.length > 0 && rows.every((r) => selection.ids.has(r.id))}
                    onChange={(e) => selection.toggle(rows.map((r) => r.id), e.currentTarget.checked)}
                  />
                </Table.Th>
              ) : null}
              {group.headers.map((h) => (
                <Table.Th key={h.id} scope="col">
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {selection ? (
                <Table.Td>
                  <Checkbox
                    aria-label={t('bulk.handoff.select', { name: displayName(row.original) })}
                    checked={selection.ids.has(row.original.id)}
                    onChange={(e) => selection.toggle([row.original.id], e.currentTarget.checked)}
                  />
                </Table.Td>
              ) : null}
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Phones: one card per learner, the name a link, the essentials below it. */
export function ResultsList({ rows }: { rows: Learner[] }): ReactNode {
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('learners.results')}>
      {rows.map((l) => (
        <Card key={l.id} component="li" withBorder padding="sm">
          <Stack gap={4}>
            <ProfileLink learner={l} />
            <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {l.username} · {l.email}
            </Text>
            <Group gap={6}>
              <StatusBadge status={l.account_status} />
              <PriorityBadge priority={l.support_priority} />
              <RiskBadge score={l.risk_score} />
            </Group>
            <Progress value={l.completion_rate} size="sm" aria-label={`${header('completion')}: ${Math.round(l.completion_rate)} %`} />
            <Text size="xs" c="dimmed">
              {header('lastActivity')}: <When iso={l.last_activity} />
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
