/** The queue's rows: a table on wide screens, a list of cards under 600 px. Each row's title is a real link;
 * the selected row (j/k) is marked with aria-current and an outline, not colour alone. */
import { Badge, Card, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { Link } from '@tanstack/react-router';

import { t } from '@/lib/i18n';

import type { TicketSummary } from '../api/types';
import type { PresenceMap } from '../model/presence';
import { PresenceAvatars } from './Presence';
import { SlaBadge } from './SlaBadge';

interface Props {
  rows: TicketSummary[];
  selectedId: number | null;
  names: ReadonlyMap<number, string>;
  presence: PresenceMap;
  narrow: boolean;
  linkRef: (id: number, el: HTMLAnchorElement | null) => void;
  onFocusRow: (id: number) => void;
}

function TicketLink({ row, linkRef, onFocusRow }: Pick<Props, 'linkRef' | 'onFocusRow'> & { row: TicketSummary }) {
  return (
    <Link
      to="/tickets/$id"
      params={{ id: row.id }}
      ref={(el: HTMLAnchorElement | null) => linkRef(row.id, el)}
      onFocus={() => onFocusRow(row.id)}
    >
      <Text span ff="monospace" size="sm">
        {row.ticket_id}
      </Text>{' '}
      {row.title}
    </Link>
  );
}

function Assignee({ row, names }: { row: TicketSummary; names: ReadonlyMap<number, string> }) {
  if (row.assigned_to === null) return <Text c="dimmed">{t('tickets.assignee.none')}</Text>;
  return <Text>{names.get(row.assigned_to) ?? t('tickets.assignee.id', { id: row.assigned_to })}</Text>;
}

function Priority({ row }: { row: TicketSummary }) {
  const loud = row.priority === 'urgent' || row.priority === 'critical';
  return (
    <Badge variant={loud ? 'filled' : 'light'} color={loud ? 'red.9' : 'blue'} autoContrast>
      {t(`tickets.priority.${row.priority}`)}
    </Badge>
  );
}

export function QueueList({ rows, selectedId, names, presence, narrow, linkRef, onFocusRow }: Props) {
  if (narrow) {
    return (
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('tickets.queue.list')}>
        {rows.map((row) => (
          <Card
            component="li"
            key={row.id}
            withBorder
            padding="sm"
            aria-current={row.id === selectedId ? 'true' : undefined}
            style={row.id === selectedId ? { outline: '3px solid var(--mantine-primary-color-filled)' } : undefined}
          >
            <TicketLink row={row} linkRef={linkRef} onFocusRow={onFocusRow} />
            <Group gap="xs" mt={6} wrap="wrap">
              <Badge variant="outline">{t(`tickets.status.${row.status}`)}</Badge>
              <Priority row={row} />
              <SlaBadge due={row.sla_next_due} state={row.sla_state} />
            </Group>
            <Group gap="xs" mt={6} justify="space-between" wrap="wrap">
              <Text size="sm">
                {row.team} · <Assignee row={row} names={names} />
              </Text>
              <PresenceAvatars viewers={presence.get(row.id) ?? []} />
            </Group>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
    <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('tickets.queue.list')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('tickets.col.ticket')}</Table.Th>
          <Table.Th>{t('tickets.field.status')}</Table.Th>
          <Table.Th>{t('tickets.field.priority')}</Table.Th>
          <Table.Th>{t('tickets.field.sla')}</Table.Th>
          <Table.Th>{t('tickets.field.assignee')}</Table.Th>
          <Table.Th>{t('tickets.field.team')}</Table.Th>
          <Table.Th>{t('tickets.field.tags')}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{t('tickets.col.viewers')}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr
            key={row.id}
            aria-current={row.id === selectedId ? 'true' : undefined}
            style={
              row.id === selectedId ? { outline: '3px solid var(--mantine-primary-color-filled)', outlineOffset: -3 } : undefined
            }
          >
            <Table.Td>
              <TicketLink row={row} linkRef={linkRef} onFocusRow={onFocusRow} />
            </Table.Td>
            <Table.Td>{t(`tickets.status.${row.status}`)}</Table.Td>
            <Table.Td>
              <Priority row={row} />
            </Table.Td>
            <Table.Td>
              <SlaBadge due={row.sla_next_due} state={row.sla_state} />
            </Table.Td>
            <Table.Td>
              <Assignee row={row} names={names} />
            </Table.Td>
            <Table.Td>{row.team}</Table.Td>
            <Table.Td>{row.tags.join(', ')}</Table.Td>
            <Table.Td>
              <PresenceAvatars viewers={presence.get(row.id) ?? []} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
    </Table.ScrollContainer>
  );
}
