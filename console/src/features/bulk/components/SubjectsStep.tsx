/** Who the operation is for: the people handed over from the learner search (selected rows or "all matching"),
 * everyone (an export), or a file (an import). */
import { Alert, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ButtonLink } from '@/components/links';
import { $api } from '@/lib/api';
import { t } from '@/lib/i18n';
import { describeFilters, type Subjects } from '../model/request';
import type { Filters, OperationType } from '../model/search';
import { ImportFile } from './ImportFile';

function MatchingCount({ filters }: { filters: Filters }): ReactNode {
  const count = $api.useQuery('get', '/api/users/profiles/', {
    params: { query: { ...(filters as Record<string, never>), limit: 1 } },
  });
  const total = count.data?.total;
  return (
    <Stack gap={2}>
      <Text fw={500}>
        {total === undefined ? t('bulk.subjects.filterCounting') : t('bulk.subjects.filter', { count: total })}
      </Text>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {t('bulk.subjects.filterSummary', { filter: describeFilters(filters) })}
      </Text>
    </Stack>
  );
}

type Props = { type: OperationType; subjects: Subjects; file: File | null; onFile: (f: File | null) => void };

export function SubjectsStep({ type, subjects, file, onFile }: Props): ReactNode {
  if (type === 'import_users') return <ImportFile file={file} onFile={onFile} />;
  const hasFilter = subjects.filters && Object.keys(subjects.filters).length > 0;
  if (subjects.ids && subjects.ids.length > 0) {
    return <Text fw={500}>{t('bulk.subjects.selected', { count: subjects.ids.length })}</Text>;
  }
  if (hasFilter && subjects.filters) return <MatchingCount filters={subjects.filters} />;
  return (
    <Stack gap="sm" align="flex-start">
      {type === 'export' ? <Text fw={500}>{t('bulk.subjects.filterNone')}</Text> : null}
      <Alert color="blue">{t('bulk.subjects.fromSearch')}</Alert>
      <ButtonLink variant="default" to="/learners" search={{}}>
        {t('bulk.subjects.openSearch')}
      </ButtonLink>
    </Stack>
  );
}
