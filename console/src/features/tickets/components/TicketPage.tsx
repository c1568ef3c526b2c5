/** /tickets/$id: one ticket, worked in place. Another agent's change arrives over the ticket's channel and
 * re-reads it; who else is viewing shows beside the title; a stale edit opens the conflict panel. */
import '@/app/screenStyles';
import { Alert, Anchor, Badge, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { AppLink } from '@/components/AppLink';
import { ConflictReview } from '@/components/ConflictReview';
import { errorMessage } from '@/lib/api';
import { useCan, useMe } from '@/lib/auth';
import { formatDateTime, t } from '@/lib/i18n';

import { useTicketEdit } from '../api/edit';
import { useTicketLive, useTypingSignal } from '../api/live';
import { useAgents, useTicket } from '../api/ticket';
import { typists } from '../model/presence';
import { useDraft } from '../model/useDraft';
import { Composer } from './Composer';
import { ticketConflict } from './conflictFields';
import { Conversation } from './Conversation';
import { EscalateDialog } from './EscalateDialog';
import { PresenceAvatars, TypingNotice } from './Presence';
import { SlaPanel } from './SlaPanel';
import { Suggestions } from './Suggestions';
import { useAfterPaint } from './useAfterPaint';
import { TicketFields } from './TicketFields';
import { useTicketKeys } from './useTicketKeys';

const route = getRouteApi('/app/tickets/$id');

export function TicketPage() {
  const { id } = route.useParams();
  const { compose } = route.useSearch();
  const me = useMe().data;
  const can = useCan();
  const canWork = can('tickets.work');
  const query = useTicket(id);
  const ticket = query.data;
  const agents = useAgents(can('tickets.read'));
  const viewers = useTicketLive(id, me?.id);
  const typing = useTypingSignal(id);
  const edit = useTicketEdit(ticket);
  const draft = useDraft(id);
  const composer = useRef<HTMLTextAreaElement>(null);
  const [escalating, setEscalating] = useState(false);
  const names = useMemo(() => new Map((agents.data ?? []).map((a) => [a.user_id, a.username])), [agents.data]);
  // the conversation first; the side panel (fields, SLA, knowledge-base suggestions) once it is painted
  const painted = useAfterPaint(ticket !== undefined);

  const focusComposer = useCallback(
    (mode: 'comment' | 'internal_note') => {
      draft.setMode(mode);
      window.setTimeout(() => composer.current?.focus(), 0);
    },
    [draft],
  );
  useEffect(() => {
    if (compose && ticket) focusComposer(compose === 'note' ? 'internal_note' : 'comment');
  }, [compose, ticket?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const assignToMe = useCallback(() => {
    if (ticket && me && canWork && ticket.assigned_to?.id !== me.id) edit.apply({ assigned_to: me.id }, ticket, 'assigned_to');
  }, [ticket, me, canWork, edit]);
  const canResolve = ticket?.allowed_transitions.includes('resolved') ?? false;
  const resolve = useCallback(() => {
    if (ticket && canResolve) edit.apply({ status: 'resolved' }, ticket, 'status');
  }, [ticket, canResolve, edit]);

  const actions = useMemo<PaletteAction[]>(
    () =>
      canWork
        ? [
            { id: 'ticket.reply', label: t('tickets.composer.reply'), shortcut: 'r', run: () => focusComposer('comment') },
            { id: 'ticket.note', label: t('tickets.composer.note'), shortcut: 'n', run: () => focusComposer('internal_note') },
            { id: 'ticket.assignMe', label: t('tickets.action.assignMe'), shortcut: 'a', run: assignToMe },
            { id: 'ticket.escalate', label: t('tickets.action.escalate'), shortcut: 'e', run: () => setEscalating(true) },
            ...(canResolve ? [{ id: 'ticket.resolve', label: t('tickets.action.resolve'), run: resolve }] : []),
          ]
        : [],
    [canWork, canResolve, focusComposer, assignToMe, resolve],
  );
  useRegisterActions(actions);
  useTicketKeys({
    enabled: canWork && !escalating,
    reply: () => focusComposer('comment'),
    note: () => focusComposer('internal_note'),
    assignToMe,
    escalate: () => setEscalating(true),
  });

  if (query.isPending) return <Text role="status">{t('common.loading')}</Text>;
  if (!ticket) {
    return (
      <Alert color="red" role="alert" title={t('tickets.ticket.loadFailed')}>
        {errorMessage(query.error)}
        <Button variant="subtle" ml="sm" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  const mine = me !== undefined && ticket.assigned_to?.id === me.id;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div style={{ minWidth: 0 }}>
          <Text ff="monospace" size="sm" c="dimmed">
            {ticket.ticket_id}
          </Text>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {ticket.title}
          </Title>
          <Group gap="xs" mt={4} wrap="wrap">
            <Badge variant="outline">{t(`tickets.status.${ticket.status}`)}</Badge>
            <Badge variant="light">{t(`tickets.priority.${ticket.priority}`)}</Badge>
            {ticket.escalation_level > 0 && (
              <Badge color="red.9" autoContrast>
                {t('tickets.ticket.escalationLevel', { level: ticket.escalation_level })}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {t('tickets.ticket.created', { when: formatDateTime(ticket.created_at) })}
            </Text>
          </Group>
          {ticket.user && (
            <Text size="sm" mt={4}>
              {t('tickets.ticket.learner')}:{' '}
              <Anchor component={AppLink} to={`/learners/${ticket.user.id}`} underline="always">
                {ticket.user.username}
              </Anchor>{' '}
              ({ticket.user.email})
            </Text>
          )}
        </div>
        <Stack gap="xs" align="flex-end">
          <PresenceAvatars viewers={viewers} />
          {viewers.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('tickets.presence.viewing', { names: viewers.map((v) => v.username).join(', ') })}
            </Text>
          )}
          {canWork && (
            <Group gap="xs" wrap="wrap">
              {!mine && (
                <Button variant="default" onClick={assignToMe} loading={edit.pending && edit.errorField === 'assigned_to'}>
                  {t('tickets.action.assignMe')}
                </Button>
              )}
              <Button variant="default" color="red" onClick={() => setEscalating(true)}>
                {t('tickets.action.escalate')}
              </Button>
              {canResolve && <Button onClick={resolve}>{t('tickets.action.resolve')}</Button>}
            </Group>
          )}
        </Stack>
      </Group>
      {edit.conflict && (
        <ConflictReview {...ticketConflict(edit.conflict, names)} onReapply={edit.reapply} onDiscard={edit.discard} busy={edit.pending} />
      )}
      {edit.error && !edit.conflict && edit.errorField !== null && ['status', 'assigned_to'].includes(edit.errorField) && (
        <Alert color="red" role="alert">
          {errorMessage(edit.error)}
        </Alert>
      )}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Conversation ticket={ticket} names={names} />
            <TypingNotice typists={typists(viewers)} />
            {canWork && <Composer ref={composer} ticketId={ticket.id} draft={draft} onTyping={typing} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            {painted && (
              <>
                <section aria-labelledby="details-title">
                  <Title order={2} size="h5" id="details-title" mb="xs">
                    {t('tickets.ticket.details')}
                  </Title>
                  <TicketFields
                    ticket={ticket}
                    agents={agents.data ?? []}
                    canWork={canWork}
                    apply={edit.apply}
                    error={edit.conflict ? null : edit.error}
                    errorField={edit.errorField}
                  />
                </section>
                <SlaPanel ticket={ticket} />
                <Suggestions ticket={ticket} canWork={canWork} onInsert={draft.append} />
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <EscalateDialog ticketId={ticket.id} code={ticket.ticket_id} opened={escalating} onClose={() => setEscalating(false)} />
    </Stack>
  );
}
