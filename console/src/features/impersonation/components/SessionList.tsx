/** The approvers' inbox (pending requests, each with its approval window counting down), active sessions with
 * "end", and the history, where each session opens the requests made under it. */
import { Alert, Button, Card, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { t, type MessageKey } from '@/lib/i18n';
import { useEndSession, useSessions, type ListKind, type Session } from '../api/sessions';
import { DecisionDialog } from './DecisionDialog';
import { SessionRequests } from './SessionRequests';
import { Deadlines, SessionHeader, label } from './SessionBits';

type Filter = { impersonator?: number; target?: number };
const EMPTY: Record<ListKind, MessageKey> = { inbox: 'imp.inboxEmpty', active: 'imp.activeEmpty', history: 'imp.historyEmpty' };

export function SessionList(props: { kind: ListKind; approver: boolean; filter?: Filter; onFilter?: (f: Filter) => void }) {
  const { kind, approver, filter = {}, onFilter } = props;
  const sessions = useSessions(kind, filter);
  const end = useEndSession();
  const [deciding, setDeciding] = useState<{ s: Session; approve: boolean } | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const items = sessions.data?.pages.flatMap((p) => p.items) ?? [];
  const num = (v: number | string) => (typeof v === 'number' && v > 0 ? v : undefined);
  return (
    <Stack gap="sm">
      {onFilter && (
        <Group gap="sm" wrap="wrap" role="search">
          <NumberInput label={t('imp.filterStaff')} value={filter.impersonator ?? ''} onChange={(v) => onFilter({ ...filter, impersonator: num(v) })} min={1} w={{ base: '100%', sm: 180 }} />
          <NumberInput label={t('imp.filterLearner')} value={filter.target ?? ''} onChange={(v) => onFilter({ ...filter, target: num(v) })} min={1} w={{ base: '100%', sm: 180 }} />
        </Group>
      )}
      {sessions.isError && (
        <Alert color="red" role="alert" title={t('imp.failed')}>
          {errorMessage(sessions.error)}
        </Alert>
      )}
      {sessions.isPending && <Text role="status">{t('common.loading')}</Text>}
      {sessions.isSuccess && items.length === 0 && <Text>{t(EMPTY[kind])}</Text>}
      {end.isError && <Alert color="red" role="alert">{errorMessage(end.error)}</Alert>}
      {items.map((s) => (
        <Card key={s.id} withBorder component="article" aria-label={`#${s.id}`}>
          <Stack gap={6}>
            <SessionHeader s={s} />
            <Text size="sm">{s.reason}</Text>
            {s.approval_reasons.length > 0 && (
              <Text size="sm">
                {t('imp.why')}: {s.approval_reasons.map((r) => label('imp.approvalReason', r)).join(', ')}
              </Text>
            )}
            <Deadlines s={s} />
            <Group gap="sm" wrap="wrap">
              {approver && s.status === 'pending_approval' && (
                <>
                  <Button size="xs" onClick={() => setDeciding({ s, approve: true })}>{t('imp.approve')}</Button>
                  <Button size="xs" variant="default" onClick={() => setDeciding({ s, approve: false })}>{t('imp.reject')}</Button>
                </>
              )}
              {approver && s.status === 'active' && (
                <Button size="xs" color="red" variant="light" loading={end.isPending && end.variables === s.id} onClick={() => end.mutate(s.id)}>
                  {t('imp.end')}
                </Button>
              )}
              {kind === 'history' && (
                <Button size="xs" variant="subtle" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
                  {t('imp.showRequests', { id: s.id })}
                </Button>
              )}
            </Group>
            {open === s.id && <SessionRequests id={s.id} />}
          </Stack>
        </Card>
      ))}
      {sessions.hasNextPage && (
        <Button variant="default" onClick={() => void sessions.fetchNextPage()} loading={sessions.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
      {deciding && <DecisionDialog session={deciding.s} approve={deciding.approve} onClose={() => setDeciding(null)} />}
    </Stack>
  );
}
