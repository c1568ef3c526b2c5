/** /compliance/retention: a dry run (what a run would remove now, per data class) and the history of runs and dry
 * runs (the retention report). */
import { Alert, Button, Stack, Table, Text, Title } from '@mantine/core';
import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';
import { useDryRun, useReport } from '../api/compliance';
import { ReportTable } from './ReportTable';

export function RetentionPage() {
  const history = useReport({ name: 'retention' });
  const dry = useDryRun();
  const may = useCan()('compliance.reports');
  const rows = history.data?.pages.flatMap((p) => p.rows) ?? [];
  return (
    <Stack gap="md">
      {may && (
        <Button onClick={() => dry.mutate()} loading={dry.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('comp.dryRun')}
        </Button>
      )}
      {dry.isError && <Alert color="red" role="alert">{errorMessage(dry.error)}</Alert>}
      {dry.data && (
        <section aria-labelledby="dry-heading">
          <Title order={2} size="h4" id="dry-heading">
            {t('comp.dryRunResult')}
          </Title>
          <Table aria-labelledby="dry-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('comp.dataClass')}</Table.Th>
                <Table.Th>{t('comp.rows')}</Table.Th>
                <Table.Th>{t('comp.cutoff')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dry.data.runs.map((r) => (
                <Table.Tr key={r.data_class}>
                  <Table.Td>{r.data_class}</Table.Td>
                  <Table.Td>{formatNumber(r.rows)}</Table.Td>
                  <Table.Td>{formatDateTime(r.cutoff)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      )}
      <Title order={2} size="h4">
        {t('comp.history')}
      </Title>
      {history.isError && <Alert color="red" role="alert">{errorMessage(history.error)}</Alert>}
      {history.isPending && <Text role="status">{t('common.loading')}</Text>}
      {rows.length > 0 && <ReportTable label={t('comp.history')} columns={history.data?.pages[0]?.columns ?? []} rows={rows} />}
      {history.hasNextPage && (
        <Button variant="default" onClick={() => void history.fetchNextPage()} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
