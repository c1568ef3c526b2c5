/** Hands the search to a bulk operation: the selected rows (ids) or the whole filter, as plain links to
 * /bulk/new's search params (the bulk screens are another feature: nothing of theirs is imported here). */
import { Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { ButtonLink } from '@/components/links';
import { t } from '@/lib/i18n';
import { toQuery, type LearnerSearch } from '../search';

/** The search's filters as the bulk API takes them (GET /api/users/profiles/'s names, without page and sort). */
export function bulkFilter(search: LearnerSearch): string {
  const { limit: _limit, sort: _sort, cursor: _cursor, ...filters } = toQuery(search) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')));
}

export function BulkHandoff({ search, selected }: { search: LearnerSearch; selected: number[] }): ReactNode {
  return (
    <Group gap="xs" wrap="wrap">
      {selected.length > 0 ? (
        <ButtonLink variant="light" to="/bulk/new" search={{ ids: selected.join(',') }}>
          {t('bulk.handoff.selected', { count: selected.length })}
        </ButtonLink>
      ) : null}
      <ButtonLink variant="default" to="/bulk/new" search={{ filter: bulkFilter(search) }}>
        {t('bulk.handoff.all')}
      </ButtonLink>
    </Group>
  );
}
