/** A 409 on a stale version: what changed since the agent loaded the ticket, their own change beside it, and
 * "Re-apply my change" on top of the current version (or drop it). */
import { Alert, Button, Group, Table, Text } from '@mantine/core';

import { t } from '@/lib/i18n';

import type { Conflict } from '../api/edit';
import { changedFields, touched, type EditableField } from '../model/conflict';

const LABEL: Record<EditableField, Parameters<typeof t>[0]> = {
  status: 'tickets.field.status',
  priority: 'tickets.field.priority',
  category: 'tickets.field.category',
  team: 'tickets.field.team',
  tags: 'tickets.field.tags',
  assigned_to: 'tickets.field.assignee',
};

function words(field: EditableField, value: string): string {
  if (value === '') return field === 'assigned_to' ? t('tickets.assignee.none') : t('common.none');
  if (field === 'status') return t(`tickets.status.${value as 'open'}`);
  if (field === 'priority') return t(`tickets.priority.${value as 'low'}`);
  if (field === 'category') return t(`tickets.category.${value as 'other'}`);
  return value;
}

function mine(c: Conflict, field: EditableField, names: ReadonlyMap<number, string>): string {
  const e = c.edit;
  if (field === 'assigned_to') {
    if (e.unassign) return t('tickets.assignee.none');
    return e.assigned_to != null ? (names.get(e.assigned_to) ?? t('tickets.assignee.id', { id: e.assigned_to })) : '';
  }
  if (field === 'tags') return (e.tags ?? []).join(', ');
  const v = e[field];
  return v == null ? '' : words(field, String(v));
}

interface Props {
  conflict: Conflict;
  names: ReadonlyMap<number, string>;
  onReapply: () => void;
  onDiscard: () => void;
  pending: boolean;
}

export function ConflictPanel({ conflict, names, onReapply, onDiscard, pending }: Props) {
  const theirs = changedFields(conflict.base, conflict.current);
  const yours = touched(conflict.edit);
  const fields = [...new Set([...theirs.map((c) => c.field), ...yours])];
  return (
    <Alert color="yellow" role="alert" title={t('conflict.title')} variant="outline">
      <Text size="sm" mb="xs">
        {t('conflict.body')}
      </Text>
      {theirs.length === 0 && (
        <Text size="sm" mb="xs">
          {t('tickets.conflict.none')}
        </Text>
      )}
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('conflict.field')}</Table.Th>
            <Table.Th scope="col">{t('conflict.before')}</Table.Th>
            <Table.Th scope="col">{t('conflict.theirs')}</Table.Th>
            <Table.Th scope="col">{t('conflict.yours')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fields.map((f) => {
            const change = theirs.find((c) => c.field === f);
            return (
              <Table.Tr key={f}>
                <Table.Th scope="row">{t(LABEL[f])}</Table.Th>
                <Table.Td>{change ? words(f, change.before) : t('tickets.conflict.unchanged')}</Table.Td>
                <Table.Td>{change ? words(f, change.now) : t('tickets.conflict.unchanged')}</Table.Td>
                <Table.Td>{yours.includes(f) ? mine(conflict, f, names) : t('tickets.conflict.unchanged')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group mt="sm">
        <Button onClick={onReapply} loading={pending}>
          {t('conflict.reapply')}
        </Button>
        <Button variant="default" onClick={onDiscard}>
          {t('conflict.discard')}
        </Button>
      </Group>
    </Alert>
  );
}
