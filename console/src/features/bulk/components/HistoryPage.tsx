/** /console/bulk: the approvals inbox, then the history of operations, filtered by type, status, who and date
 * (all in the URL). Live: the `bulk` channel refreshes the list when any operation moves. */
import '@/app/screenStyles';
import { Alert, Badge, Card, Group, Loader, Paper, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { AnchorLink, ButtonLink } from '@/components/links';
import { errorMessage } from '@/lib/api';
import { useMe } from '@/lib/auth';
import { useChannels, usePollWhileDown } from '@/lib/events';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';
import { OPERATIONS, useHistory } from '../api/bulk';
import { STATUSES, TYPES, validateHistorySearch, type HistorySearch, type Operation } from '../model/search';
import { ApprovalsInbox } from './ApprovalsInbox';
import { OperationStatusBadge, statusLabel, typeLabel, who } from './parts';

const route = getRouteApi('/app/bulk');
const LIVE_REFRESH_MS = 1000;

function Filters({ search, patch, me }: { search: HistorySearch; patch: (p: Partial<HistorySearch>) => void; me: number | undefined }): ReactNode {
  const whoValue = search.created_by === undefined ? 'anyone' : search.created_by === me ? 'me' : String(search.created_by);
  const whoData = [
    { value: 'anyone', label: t('bulk.filter.anyone') },
    { value: 'me', label: t('bulk.filter.me') },
    ...(whoValue !== 'anyone' && whoValue !== 'me' ? [{ value: whoValue, label: t('bulk.byUser', { id: whoValue }) }] : []),
  ];
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('bulk.filters')}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('bulk.filter.type')}
          placeholder={t('bulk.any')}
          data={TYPES.map((v) => ({ value: v, label: typeLabel(v) }))}
          value={search.type ?? null}
          onChange={(v) => patch({ type: (v ?? undefined) as HistorySearch['type'] })}
          clearable
          w={{ base: '100%', xs: 180 }}
        />
        <Select
          label={t('bulk.filter.status')}
          placeholder={t('bulk.any')}
          data={STATUSES.map((v) => ({ value: v, label: statusLabel(v) }))}
          value={search.status ?? null}
          onChange={(v) => patch({ status: (v ?? undefined) as HistorySearch['status'] })}
          clearable
          w={{ base: '100%', xs: 180 }}
        />
        <Select
          label={t('bulk.filter.who')}
          data={whoData}
          value={whoValue}
          onChange={(v) => patch({ created_by: v === 'me' ? me : v && v !== 'anyone' ? Number(v) : undefined })}
          allowDeselect={false}
          w={{ base: '100%', xs: 160 }}
        />
        <TextInput
          type="date"
          label={t('bulk.filter.since')}
          value={search.since ?? ''}
          onChange={(e) => patch({ since: e.currentTarget.value || undefined })}
          w={{ base: '100%', xs: 180 }}
        />
      </Group>
    </Paper>
  );
}

function Rows({ items, me, phone }: { items: Operation[]; me: number | undefined; phone: boolean }): ReactNode {
  const link = (op: Operation) => (
    <AnchorLink to="/bulk/$id" params={{ id: op.operation_id }} fw={500}>
      {t('bulk.operation', { id: op.operation_id })}
    </AnchorLink>
  );
  if (phone) {
    return (
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('bulk.history')}>
        {items.map((op) => (
          <Card key={op.operation_id} component="li" withBorder padding="sm">
            <Stack gap={4}>
              <Group gap="xs">
                {link(op)}
                <OperationStatusBadge status={op.status} />
                {op.dry_run ? <Badge color="grape">{t('bulk.dryRunBadge')}</Badge> : null}
              </Group>
              <Text size="sm">
                {typeLabel(op.operation_type)} · {formatNumber(op.processed)} / {formatNumber(op.total_items)}
              </Text>
              <Text size="xs" c="dimmed">
                {who(op.created_by, me)} · {formatDateTime(op.created_at)}
              </Text>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table striped verticalSpacing="xs" aria-label={t('bulk.history')}>
        <Table.Thead>
          <Table.Tr>
            {(['id', 'type', 'status', 'progress', 'who', 'when'] as const).map((c) => (
              <Table.Th key={c} scope="col">
                {t(`bulk.col.${c}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((op) => (
            <Table.Tr key={op.operation_id}>
              <Table.Td>{link(op)}</Table.Td>
              <Table.Td>
                {typeLabel(op.operation_type)} {op.dry_run ? <Badge color="grape" size="sm">{t('bulk.dryRunBadge')}</Badge> : null}
              </Table.Td>
              <Table.Td>
                <OperationStatusBadge status={op.status} />
              </Table.Td>
              <Table.Td miw={140}>
                <Progress value={op.progress} size="sm" aria-label={t('bulk.progressLabel', { percent: Math.round(op.progress) })} />
                <Text size="xs" c="dimmed">
                  {formatNumber(op.processed)} / {formatNumber(op.total_items)} · {t('bulk.count.failed')} {formatNumber(op.error_count)}
                </Text>
              </Table.Td>
              <Table.Td>{who(op.created_by, me)}</Table.Td>
              <Table.Td>{formatDateTime(op.created_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function HistoryPage(): ReactNode {
  // (the router keeps keys the validator dropped from a hand-typed URL: read only what it let through)
  const search = validateHistorySearch(route.useSearch());
  const navigate = route.useNavigate();
  const go = useNavigate();
  const client = useQueryClient();
  const me = useMe().data?.id;
  const phone = useMediaQuery('(max-width: 600px)') ?? false;
  const refetchInterval = usePollWhileDown();
  const history = useHistory(search, refetchInterval);
  // many progress events a second while something runs: refresh the list at most once a second
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useChannels(['bulk'], () => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      void client.invalidateQueries({ queryKey: OPERATIONS });
    }, LIVE_REFRESH_MS);
  });
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  useEffect(() => {
    document.title = `${t('bulk.title')} · ${t('app.name')}`;
  }, []);
  const patch = (p: Partial<HistorySearch>) =>
    void navigate({ search: (prev: HistorySearch) => ({ ...prev, ...p, cursor: 'cursor' in p ? p.cursor : undefined }), replace: !('cursor' in p) });
  const actions = useMemo<PaletteAction[]>(
    () => [
      { id: 'bulk.new', label: t('bulk.new'), run: () => void go({ to: '/bulk/new', search: {} }) },
      { id: 'bulk.clear', label: t('bulk.filter.clear'), run: () => void navigate({ search: {} }) },
    ],
    [go, navigate],
  );
  useRegisterActions(actions);
  const data = history.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('bulk.title')}
        </Title>
        <ButtonLink to="/bulk/new" search={{}}>
          {t('bulk.new')}
        </ButtonLink>
      </Group>
      <ApprovalsInbox me={me} refetchInterval={refetchInterval} />
      <Title order={2} size="h4">
        {t('bulk.history')}
      </Title>
      <Filters search={search} patch={patch} me={me} />
      {history.error ? (
        <Alert color="red" role="alert">
          {errorMessage(history.error)}
        </Alert>
      ) : null}
      {history.isPending ? <Loader aria-label={t('common.loading')} /> : null}
      {data && data.items.length === 0 ? <Text>{t('bulk.none')}</Text> : null}
      {data && data.items.length > 0 ? <Rows items={data.items} me={me} phone={phone} /> : null}
      <Group justify="flex-end" gap="xs">
        {search.cursor ? (
          <ButtonLink variant="default" to="/bulk" search={{ ...search, cursor: undefined }}>
            {t('bulk.firstPage')}
          </ButtonLink>
        ) : null}
        {data?.next_cursor ? (
          <ButtonLink variant="default" to="/bulk" search={{ ...search, cursor: data.next_cursor }}>
            {t('bulk.nextPage')}
          </ButtonLink>
        ) : null}
      </Group>
    </Stack>
  );
}
