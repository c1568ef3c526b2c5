/**
 * A 409 on a stale version: what changed since the person loaded it (field by field: then, now, their edit)
 * and a choice: re-apply their edit on top of the current version, or drop it. Their edit is never thrown away
 * silently. A screen lists its own fields (labels and values in words); a value left out reads "(unchanged)".
 */
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { t } from '@/lib/i18n';

export type ConflictField = { key: string; label: string; before?: ReactNode; now?: ReactNode; mine?: ReactNode };

function cell(value: ReactNode | undefined): ReactNode {
  return value === undefined ? t('conflict.unchanged') : value;
}

export function ConflictReview({
  fields,
  onReapply,
  onDiscard,
  busy = false,
  note,
}: {
  /** Only the fields that differ between `before` and `now`, or that the person edited. */
  fields: ConflictField[];
  onReapply: () => void;
  onDiscard: () => void;
  busy?: boolean;
  /** A line under the explanation (say, that nothing the person changed was changed by the other). */
  note?: ReactNode;
}): ReactNode {
  return (
    <Alert color="orange" variant="light" role="alert" title={t('conflict.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('conflict.body')}</Text>
        {note ? <Text size="sm">{note}</Text> : null}
        <Table withTableBorder layout="fixed" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('conflict.field')}</Table.Th>
              <Table.Th scope="col">{t('conflict.before')}</Table.Th>
              <Table.Th scope="col">{t('conflict.theirs')}</Table.Th>
              <Table.Th scope="col">{t('conflict.yours')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Th scope="row">{f.label}</Table.Th>
                <Table.Td style={{ wordBreak: 'break-word' }}>{cell(f.before)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>{cell(f.now)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>{cell(f.mine)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group gap="xs">
          <Button onClick={onReapply} loading={busy}>
            {t('conflict.reapply')}
          </Button>
          <Button variant="default" onClick={onDiscard} disabled={busy}>
            {t('conflict.discard')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
