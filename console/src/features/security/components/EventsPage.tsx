/** /security/events: triage. Filter by severity, state, event type and person (in the URL); select one or many and
 * resolve them with a note. */
import { Alert, Badge, Button, Card, Checkbox, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, t, type MessageKey } from '@/lib/i18n';
import { useEvents } from '../api/security';
import { SEVERITIES } from '../routes';
import { ResolveDialog } from './ResolveDialog';

const route = getRouteApi('/app/security/events');
const COLOUR: Record<string, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

export function EventsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const manage = useCan()('security.manage');
  const events = useEvents(search);
  const items = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data]);
  const [selected, setSelected] = useState<number[]>([]);
  const [resolving, setResolving] = useState<number[] | null>(null);
  const [rule, setRule] = useState(search.rule ?? '');
  const open = items.filter((e) => !e.resolved);
  const set = (patch: Partial<typeof search>) => void navigate({ search: { ...search, ...patch }, replace: true });
  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const actions = useMemo<PaletteAction[]>(
    () => (manage && selected.length > 0 ? [{ id: 'sec.resolve', label: t('sec.palette.resolve'), run: () => setResolving(selected) }] : []),
    [manage, selected],
  );
  useRegisterActions(actions);
  const state = search.resolved === undefined ? 'any' : search.resolved ? 'resolved' : 'open';

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap" role="search">
        <Select
          label={t('sec.severity')}
          placeholder={t('sec.any')}
          data={SEVERITIES.map((s) => ({ value: s, label: t(`sec.severity.${s}`) }))}
          value={search.severity ?? null}
          onChange={(v) => set({ severity: (v ?? undefined) as typeof search.severity })}
          clearable
          w={{ base: '100%', sm: 160 }}
        />
        <Select
          label={t('sec.state')}
          data={[
            { value: 'open', label: t('sec.open') },
            { value: 'resolved', label: t('sec.resolvedState') },
            { value: 'any', label: t('sec.any') },
          ]}
          value={state}
          onChange={(v) => set({ resolved: v === 'open' ? false : v === 'resolved' ? true : undefined })}
          allowDeselect={false}
          w={{ base: '100%', sm: 140 }}
        />
        <TextInput
          label={t('sec.rule')}
          value={rule}
          onChange={(e) => setRule(e.currentTarget.value)}
          onBlur={() => set({ rule: rule || undefined })}
          onKeyDown={(e) => e.key === 'Enter' && set({ rule: rule || undefined })}
          w={{ base: '100%', sm: 200 }}
        />
        <NumberInput
          label={t('sec.person')}
          value={search.user ?? ''}
          onChange={(v) => set({ user: typeof v === 'number' && v > 0 ? v : undefined })}
          min={1}
          w={{ base: '100%', sm: 140 }}
        />
      </Group>
      {manage && open.length > 0 && (
        <Group gap="sm" wrap="wrap">
          <Checkbox
            label={t('sec.selectAll')}
            checked={selected.length > 0 && open.every((e) => selected.includes(e.id))}
            indeterminate={selected.length > 0 && !open.every((e) => selected.includes(e.id))}
            onChange={(e) => setSelected(e.currentTarget.checked ? open.map((x) => x.id) : [])}
          />
          <Button disabled={selected.length === 0} onClick={() => setResolving(selected)}>
            {t('sec.resolveSelected', { count: selected.length })}
          </Button>
        </Group>
      )}
      {events.isError && (
        <Alert color="red" role="alert" title={t('sec.failed')}>
          {errorMessage(events.error)}
        </Alert>
      )}
      {events.isPending && <Text role="status">{t('common.loading')}</Text>}
      {events.isSuccess && items.length === 0 && <Text>{t('sec.eventsEmpty')}</Text>}
      {items.map((e) => (
        <Card key={e.id} withBorder component="article" aria-label={`#${e.id} ${e.event_type}`}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            {manage && !e.resolved && (
              <Checkbox aria-label={t('sec.select', { id: e.id })} checked={selected.includes(e.id)} onChange={() => toggle(e.id)} mt={4} />
            )}
            <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
              <Group gap="xs" wrap="wrap">
                <Badge color={COLOUR[e.severity] ?? 'gray'} variant="light">
                  {t(`sec.severity.${e.severity}` as MessageKey)}
                </Badge>
                <Text fw={600}>{e.event_type}</Text>
                {e.rule && <Text size="sm">{e.rule}</Text>}
                {e.user_id !== null && <Text size="sm">#{e.user_id}</Text>}
                <Text size="sm">{formatDateTime(e.timestamp)}</Text>
              </Group>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {e.description}
              </Text>
              {e.resolved && <Text size="sm">{t('sec.resolvedBy', { when: formatDateTime(e.resolved_at), note: e.resolution_note })}</Text>}
            </Stack>
            {manage && !e.resolved && (
              <Button size="xs" variant="default" onClick={() => setResolving([e.id])} aria-label={`${t('sec.resolveOne')} #${e.id}`}>
                {t('sec.resolveOne')}
              </Button>
            )}
          </Group>
        </Card>
      ))}
      {events.hasNextPage && (
        <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
      {resolving && (
        <ResolveDialog
          ids={resolving}
          onClose={(done) => {
            setResolving(null);
            if (done) setSelected((s) => s.filter((id) => !resolving.includes(id)));
          }}
        />
      )}
    </Stack>
  );
}
