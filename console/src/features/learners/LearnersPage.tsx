/** /console/learners: find any learner; every filter, the sort, the page and the columns are in the URL. */
import '@/app/screenStyles';
import { Alert, Badge, Button, Collapse, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { SavedViews } from '@/components/SavedViews';
import { useCan } from '@/lib/auth';
import { $api, errorMessage } from '@/lib/api';
import { useChannels, usePollWhileDown } from '@/lib/events';
import { formatNumber, t, type MessageKey } from '@/lib/i18n';
import { BulkHandoff } from './components/BulkHandoff';
import { ColumnChooser } from './components/ColumnChooser';
import { LearnerFilters } from './components/LearnerFilters';
import { ResultsList, ResultsTable, type Selection } from './components/ResultsTable';
import { activeFilterCount, DEFAULT_COLUMNS, FILTER_KEYS, learnerViews, SORTS, toQuery, type LearnerSearch } from './search';

const route = getRouteApi('/app/learners');
const SEARCH_DEBOUNCE_MS = 100;

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }): ReactNode {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  // Results as the person types: a short pause, not a wait. A newer term's query replaces the older one, whose
  // request is aborted (TanStack Query passes its AbortSignal to the fetch); the last answer stays on screen meanwhile.
  const debounced = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);
  return (
    <TextInput
      label={t('learners.search')}
      description={t('learners.searchHint')}
      type="search"
      value={text}
      maxLength={200}
      autoComplete="off"
      data-screen-search
      aria-keyshortcuts="/"
      onChange={(e) => {
        setText(e.currentTarget.value);
        debounced(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSearch(text);
      }}
      style={{ flex: 1, minWidth: 0 }}
    />
  );
}

export function LearnersPage(): ReactNode {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 600px)') ?? false;
  const filterCount = activeFilterCount(search);
  const [filtersOpen, setFiltersOpen] = useState(filterCount > 0);
  const refetchInterval = usePollWhileDown();
  const query = useMemo(() => toQuery(search), [search]);
  const bulk = useCan()('bulk.run');
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const selection = useMemo<Selection | undefined>(
    () =>
      bulk
        ? {
            ids: picked,
            toggle: (ids, on) =>
              setPicked((prev) => {
                const next = new Set(prev);
                for (const id of ids) if (on) next.add(id);
                else next.delete(id);
                return next;
              }),
          }
        : undefined,
    [bulk, picked],
  );
  const results = $api.useQuery(
    'get',
    '/api/users/profiles/',
    { params: { query } },
    { placeholderData: keepPreviousData, refetchInterval },
  );
  useChannels(['users'], () => {
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/users/profiles/'] });
  });
  useEffect(() => {
    document.title = `${t('learners.title')} · ${t('app.name')}`;
  }, []);

  /** Any change but a page turn goes back to the first page. */
  const patch = (p: Partial<LearnerSearch>) =>
    void navigate({ search: (prev: LearnerSearch) => ({ ...prev, ...p, cursor: 'cursor' in p ? p.cursor : undefined }), replace: !('cursor' in p) });
  const clearFilters = () => patch(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])) as Partial<LearnerSearch>);
  const columns = search.cols ?? DEFAULT_COLUMNS;

  const actions = useMemo<PaletteAction[]>(
    () => [
      { id: 'learners.filters', label: t('learners.filters'), run: () => setFiltersOpen((o) => !o) },
      { id: 'learners.clear', label: t('learners.clearFilters'), run: clearFilters },
    ],
    [],
  );
  useRegisterActions(actions);

  const data = results.data;
  const total = data
    ? data.total_is_estimate
      ? t('learners.totalEstimate', { count: formatNumber(data.total) })
      : t('learners.total', { count: data.total })
    : '';

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('learners.title')}
      </Title>
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <SearchBox value={search.q ?? ''} onSearch={(q) => patch({ q: q || undefined })} />
            <Select
              label={t('learners.sort')}
              data={SORTS.map((s) => ({ value: s, label: t(`sort.${s}` as MessageKey) }))}
              value={search.sort ?? null}
              placeholder={search.q ? t('sort.relevance') : t('sort.-last_activity')}
              onChange={(v) => patch({ sort: (v ?? undefined) as LearnerSearch['sort'] })}
              clearable
              w={{ base: '100%', xs: 220 }}
            />
          </Group>
          <Group gap="xs" wrap="wrap">
            <Button
              variant="default"
              onClick={() => setFiltersOpen((o) => !o)}
              aria-expanded={filtersOpen}
              aria-controls="learner-filters"
              rightSection={filterCount > 0 ? <Badge size="sm">{filterCount}</Badge> : undefined}
            >
              {t('learners.filters')}
            </Button>
            {phone ? null : <ColumnChooser value={columns} onChange={(cols) => patch({ cols })} />}
            {bulk ? <BulkHandoff search={search} selected={[...picked]} /> : null}
            <SavedViews screen="learners" codec={learnerViews} notifySaved search={search} onOpen={(s) => void navigate({ search: s })} />
          </Group>
          <Collapse in={filtersOpen} id="learner-filters">
            <LearnerFilters search={search} patch={patch} onClear={clearFilters} />
          </Collapse>
        </Stack>
      </Paper>

      <Group justify="space-between" gap="xs" aria-live="polite">
        <Text size="sm" c="dimmed">
          {total}
        </Text>
        {results.isFetching ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
      </Group>

      {results.error ? (
        <Alert color="red" role="alert">
          {errorMessage(results.error)}
        </Alert>
      ) : null}
      {data && data.items.length === 0 ? <Text>{t('common.noResults')}</Text> : null}
      {data && data.items.length > 0 ? (
        phone ? (
          <ResultsList rows={data.items} />
        ) : (
          <ResultsTable rows={data.items} visible={columns} selection={selection} />
        )
      ) : null}
      {results.isPending ? <Loader aria-label={t('common.loading')} /> : null}

      <Group justify="flex-end" gap="xs">
        {search.cursor ? (
          <Button variant="default" onClick={() => patch({ cursor: undefined })}>
            {t('learners.firstPage')}
          </Button>
        ) : null}
        {data?.next_cursor ? (
          <Button variant="default" onClick={() => patch({ cursor: data.next_cursor ?? undefined })}>
            {t('learners.nextPage')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
