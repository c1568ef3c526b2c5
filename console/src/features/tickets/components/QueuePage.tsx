/** /tickets: the queue. Default view "mine and unassigned in my teams, by SLA due"; filters in the URL; live
 * changes announced as "N new, show" (rows never move under the cursor); worked by keyboard (j/k, Enter, a, e,
 * r, n, listed in the `?` sheet and the palette). */
import '@/app/screenStyles';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useMemo, useRef, useState } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { SavedViews } from '@/components/SavedViews';
import { errorMessage } from '@/lib/api';
import { useCan, useMe } from '@/lib/auth';
import { usePollWhileDown } from '@/lib/events';
import { t } from '@/lib/i18n';

import { useQueueLive } from '../api/live';
import { useQueue } from '../api/queue';
import { useAgents, useAssignToMe } from '../api/ticket';
import { isDeskView, queueViews } from '../model/search';
import { useLivePause } from '../model/useLivePause';
import { useStableRows } from '../model/useStableRows';
import { EscalateDialog } from './EscalateDialog';
import { LiveBar } from './LiveBar';
import { QueueFilters } from './QueueFilters';
import { QueueList } from './QueueList';
import { useQueueKeys } from './useQueueKeys';

const route = getRouteApi('/app/tickets');

export function QueuePage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const can = useCan();
  const agents = useAgents(can('tickets.read'));
  const myTeams = useMemo(
    () => (me && agents.data ? agents.data.filter((a) => a.user_id === me.id).map((a) => a.team) : undefined),
    [me, agents.data],
  );
  const poll = usePollWhileDown();
  const queue = useQueue(search, agents.isError ? [] : myTeams, poll);
  const presence = useQueueLive();
  const [paused, setPaused] = useLivePause();
  const view = JSON.stringify(search);
  const stable = useStableRows(queue.isPending ? undefined : queue.items, paused, view);
  const narrow = useMediaQuery('(max-width: 37.5em)') ?? false;
  const names = useMemo(() => new Map((agents.data ?? []).map((a) => [a.user_id, a.username])), [agents.data]);

  const [selectedId, setSelectedId] = useState<number | null>(null);
  const links = useRef(new Map<number, HTMLAnchorElement>());
  const linkRef = useCallback((id: number, el: HTMLAnchorElement | null) => {
    if (el) links.current.set(id, el);
    else links.current.delete(id);
  }, []);
  const selected = stable.rows.find((r) => r.id === selectedId) ?? null;
  const [escalating, setEscalating] = useState<{ id: number; code: string } | null>(null);
  const assign = useAssignToMe();
  const [notice, setNotice] = useState<string | null>(null);
  const canWork = can('tickets.work');

  const move = useCallback(
    (step: number) => {
      const rows = stable.rows;
      if (!rows.length) return;
      const at = rows.findIndex((r) => r.id === selectedId);
      const next = rows[Math.min(rows.length - 1, Math.max(0, at === -1 ? 0 : at + step))];
      if (!next) return;
      setSelectedId(next.id);
      links.current.get(next.id)?.focus();
    },
    [stable.rows, selectedId],
  );
  const open = useCallback(
    (compose?: 'reply' | 'note') => {
      if (selected) void navigate({ to: '/tickets/$id', params: { id: selected.id }, search: compose ? { compose } : {} });
    },
    [selected, navigate],
  );
  const assignToMe = useCallback(() => {
    if (!selected || !me || !canWork) return;
    const code = selected.ticket_id;
    assign.mutate(
      { id: selected.id, me: me.id },
      {
        onSuccess: () => setNotice(t('tickets.queue.assigned', { code })),
        onError: (e) => setNotice(t('tickets.queue.failed', { code, reason: errorMessage(e) })),
      },
    );
  }, [selected, me, canWork, assign]);
  const escalate = useCallback(() => {
    if (selected && canWork) setEscalating({ id: selected.id, code: selected.ticket_id });
  }, [selected, canWork]);

  const actions = useMemo<PaletteAction[]>(() => {
    const list: PaletteAction[] = [
      { id: 'tickets.next', label: t('tickets.key.next'), shortcut: 'j', run: () => move(1) },
      { id: 'tickets.prev', label: t('tickets.key.prev'), shortcut: 'k', run: () => move(-1) },
      { id: 'tickets.open', label: t('tickets.key.open'), shortcut: 'Enter', run: () => open() },
    ];
    if (canWork) {
      list.push(
        { id: 'tickets.assignMe', label: t('tickets.key.assignMe'), shortcut: 'a', run: assignToMe },
        { id: 'tickets.escalate', label: t('tickets.key.escalate'), shortcut: 'e', run: escalate },
        { id: 'tickets.reply', label: t('tickets.key.reply'), shortcut: 'r', run: () => open('reply') },
        { id: 'tickets.note', label: t('tickets.key.note'), shortcut: 'n', run: () => open('note') },
      );
    }
    if (stable.pending > 0) {
      list.push({ id: 'tickets.showNew', label: t('tickets.queue.newShow', { count: stable.pending }), run: stable.show });
    }
    list.push({ id: 'tickets.pause', label: paused ? t('tickets.queue.resume') : t('tickets.queue.pause'), run: () => setPaused(!paused) });
    return list;
  }, [move, open, canWork, assignToMe, escalate, stable.pending, stable.show, paused, setPaused]);
  useRegisterActions(actions);
  useQueueKeys({ move, open, assignToMe, escalate, enabled: escalating === null });

  const desk = isDeskView(search);
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('tickets.title')}
        </Title>
        <SavedViews screen="tickets" codec={queueViews} search={search} onOpen={(next) => void navigate({ search: next })} />
        <Text size="sm" c="dimmed" style={{ flexBasis: '100%' }}>
          {desk ? (myTeams?.length ? t('tickets.queue.deskView', { teams: myTeams.join(', ') }) : t('tickets.queue.allView')) : t('tickets.queue.filteredView')}
        </Text>
      </Group>
      <QueueFilters search={search} onChange={(next) => void navigate({ search: next, replace: true })} agents={agents.data ?? []} />
      <LiveBar pending={stable.pending} onShow={stable.show} paused={paused} onPausedChange={setPaused} />
      <div role="status" aria-live="polite">
        {notice && <Text size="sm">{notice}</Text>}
      </div>
      {queue.error ? (
        <Alert color="red" role="alert" title={t('tickets.queue.loadFailed')}>
          {errorMessage(queue.error)}
          <Button variant="subtle" onClick={queue.refetch} ml="sm">
            {t('common.retry')}
          </Button>
        </Alert>
      ) : queue.isPending ? (
        <Text role="status">{t('common.loading')}</Text>
      ) : stable.rows.length === 0 ? (
        <Text>{desk ? t('tickets.queue.emptyDesk') : t('common.noResults')}</Text>
      ) : (
        <QueueList
          rows={stable.rows}
          selectedId={selectedId}
          names={names}
          presence={presence}
          narrow={narrow}
          linkRef={linkRef}
          onFocusRow={setSelectedId}
        />
      )}
      {queue.more && (
        <Button
          variant="default"
          loading={queue.loadingMore}
          onClick={() => {
            stable.expectMore();
            queue.loadMore();
          }}
          style={{ alignSelf: 'center' }}
        >
          {t('common.loadMore')}
        </Button>
      )}
      {escalating && (
        <EscalateDialog
          ticketId={escalating.id}
          code={escalating.code}
          opened
          onClose={() => setEscalating(null)}
          onDone={() => setNotice(t('tickets.queue.escalated', { code: escalating.code }))}
        />
      )}
    </Stack>
  );
}
