/** A stale article edit: each field the editor changed or someone else changed, with its value when the editor
 * loaded it, now, and the editor's own; "Re-apply my change" saves the editor's fields on the current version. */
import { Alert, Button, Group, Table, Text } from '@mantine/core';

import { t } from '@/lib/i18n';

import type { Article } from '../api/articles';
import type { ArticleValues } from './ArticleForm';

const FIELDS = ['title', 'category', 'status', 'tags', 'body'] as const;
type Field = (typeof FIELDS)[number];

function show(v: ArticleValues[Field] | undefined): string {
  if (v === undefined) return t('tickets.conflict.unchanged');
  const s = Array.isArray(v) ? v.join(', ') : v;
  return s.length > 120 ? `${s.slice(0, 120)}…` : s || t('common.none');
}

function same(a: ArticleValues[Field], b: ArticleValues[Field]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only the fields the editor changed: what a re-apply sends. */
export function changesOf(before: ArticleValues, after: ArticleValues): Partial<ArticleValues> {
  const out: Partial<Record<Field, unknown>> = {};
  for (const f of FIELDS) if (!same(before[f], after[f])) out[f] = after[f];
  return out as Partial<ArticleValues>;
}

interface Props {
  base: Article;
  current: Article;
  mine: Partial<ArticleValues>;
  pending: boolean;
  onReapply: () => void;
  onDiscard: () => void;
}

export function ArticleConflict({ base, current, mine, pending, onReapply, onDiscard }: Props) {
  const fields = FIELDS.filter((f) => f in mine || !same(base[f], current[f]));
  return (
    <Alert color="yellow" variant="outline" role="alert" title={t('conflict.title')}>
      <Text size="sm" mb="xs">
        {t('conflict.body')}
      </Text>
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
          {fields.map((f) => (
            <Table.Tr key={f}>
              <Table.Th scope="row">{t(`kb.field.${f}`)}</Table.Th>
              <Table.Td>{show(base[f])}</Table.Td>
              <Table.Td>{same(base[f], current[f]) ? t('tickets.conflict.unchanged') : show(current[f])}</Table.Td>
              <Table.Td>{show(mine[f])}</Table.Td>
            </Table.Tr>
          ))}
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
