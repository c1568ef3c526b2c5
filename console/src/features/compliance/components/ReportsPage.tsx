/** /compliance/reports: every report on screen, filtered (in the URL), and the same as a CSV download. */
import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';
import { reportCsvHref, useReport } from '../api/compliance';
import { REPORTS } from '../routes';
import { FilterBar } from './FilterBar';
import { ReportTable } from './ReportTable';

const route = getRouteApi('/app/compliance/reports');

export function ReportsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const name = search.name ?? 'data-access';
  const report = useReport(search);
  const rows = report.data?.pages.flatMap((p) => p.rows) ?? [];
  const columns = report.data?.pages[0]?.columns ?? [];
  const href = reportCsvHref({ ...search, name });
  const actions = useMemo<PaletteAction[]>(
    () => [{ id: 'comp.download', label: t('comp.palette.download'), run: () => window.location.assign(href) }],
    [href],
  );
  useRegisterActions(actions);
  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('comp.report')}
          data={REPORTS.map((r) => ({ value: r, label: t(`comp.report.${r}`) }))}
          value={name}
          onChange={(v) => v && void navigate({ search: { ...search, name: v as typeof name } })}
          allowDeselect={false}
          w={{ base: '100%', sm: 240 }}
        />
        <Button component="a" href={href} download variant="light">
          {t('comp.download')}
        </Button>
      </Group>
      <FilterBar value={search} ids={['actor', 'person']} onApply={(f) => void navigate({ search: { name: search.name, ...f } })} />
      {report.isError && (
        <Alert color="red" role="alert" title={t('comp.failed')}>
          {errorMessage(report.error)}
        </Alert>
      )}
      {report.isPending && <Text role="status">{t('common.loading')}</Text>}
      {report.isSuccess && rows.length === 0 && <Text>{t('comp.reportEmpty')}</Text>}
      {rows.length > 0 && <ReportTable label={t(`comp.report.${name}`)} columns={columns} rows={rows} />}
      {report.hasNextPage && (
        <Button variant="default" onClick={() => void report.fetchNextPage()} loading={report.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
