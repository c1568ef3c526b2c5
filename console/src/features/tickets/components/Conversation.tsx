/** The conversation: the learner's request, public replies and internal notes, and the ticket's events.
 * An internal note differs to the eye (a tinted, dashed card with an "Internal note" badge) and to a screen
 * reader (each entry is an <article> whose accessible name starts with "Internal note by …" or "Reply by …"). */
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';

import { formatDateTime, t } from '@/lib/i18n';

import type { Ticket, TicketUpdate } from '../api/types';

function author(u: TicketUpdate): string {
  return u.created_by?.username ?? t('tickets.conv.someone');
}

function systemText(u: TicketUpdate, names: ReadonlyMap<number, string>): string {
  const d = u.data as Record<string, unknown>;
  if (u.update_type === 'status_change' && typeof d.from === 'string' && typeof d.to === 'string') {
    return t('tickets.conv.status', {
      from: t(`tickets.status.${d.from as 'open'}`),
      to: t(`tickets.status.${d.to as 'open'}`),
    });
  }
  if (u.update_type === 'assignment') {
    const to = typeof d.to === 'number' ? (names.get(d.to) ?? t('tickets.assignee.id', { id: d.to })) : null;
    return to ? t('tickets.conv.assignment', { to }) : t('tickets.conv.unassigned');
  }
  if (u.update_type === 'escalation') return t('tickets.conv.escalation', { level: Number(d.level ?? 0) });
  return '';
}

function Entry({ u, ticket, names }: { u: TicketUpdate; ticket: Ticket; names: ReadonlyMap<number, string> }) {
  const when = formatDateTime(u.created_at);
  if (u.update_type === 'status_change' || u.update_type === 'assignment' || u.update_type === 'escalation') {
    const text = systemText(u, names);
    return (
      <Text component="li" size="sm" c="dimmed" style={{ listStyle: 'none' }}>
        <time dateTime={u.created_at}>{when}</time> · {text}
        {u.created_by ? ` · ${author(u)}` : ''}
        {u.content ? ` — ${u.content}` : ''}
      </Text>
    );
  }
  const note = u.is_internal || u.update_type === 'internal_note';
  const by = (u.data as Record<string, unknown>).by;
  const fromLearner = !note && (by === 'learner' || (u.created_by !== null && u.created_by.id === ticket.user?.id));
  const name = author(u);
  const label = note
    ? t('tickets.conv.note', { name })
    : fromLearner
      ? t('tickets.conv.learnerReply', { name })
      : t('tickets.conv.reply', { name });
  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      data-kind={note ? 'internal_note' : 'comment'}
      style={{
        listStyle: 'none',
        borderStyle: note ? 'dashed' : 'solid',
        borderWidth: note ? 2 : 1,
        background: note ? 'var(--mantine-color-yellow-light)' : undefined,
        marginInlineStart: fromLearner ? 0 : 'var(--mantine-spacing-lg)',
      }}
    >
      <article aria-label={`${label}, ${when}`}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs">
            <Badge variant={note ? 'filled' : 'light'} color={note ? 'yellow.4' : fromLearner ? 'gray' : 'blue'} autoContrast>
              {note ? t('tickets.conv.noteBadge') : fromLearner ? t('tickets.conv.learnerBadge') : t('tickets.conv.replyBadge')}
            </Badge>
            <Text fw={600} size="sm">
              {name}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            <time dateTime={u.created_at}>{when}</time>
          </Text>
        </Group>
        {note && (
          <Text size="xs" c="dimmed">
            {t('tickets.conv.noteHint')}
          </Text>
        )}
        <Text mt={6} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {u.content}
        </Text>
      </article>
    </Card>
  );
}

export function Conversation({ ticket, names }: { ticket: Ticket; names: ReadonlyMap<number, string> }) {
  const learner = ticket.user?.username ?? t('tickets.conv.someone');
  return (
    <section aria-labelledby="conversation-title">
      <Title order={2} size="h4" id="conversation-title" mb="sm">
        {t('tickets.conv.title')}
      </Title>
      <Stack component="ol" gap="sm" p={0} m={0}>
        <Card component="li" withBorder padding="sm" style={{ listStyle: 'none' }}>
          <article aria-label={`${t('tickets.conv.opening', { name: learner })}, ${formatDateTime(ticket.created_at)}`}>
            <Group justify="space-between" gap="xs">
              <Text fw={600} size="sm">
                {t('tickets.conv.opening', { name: learner })}
              </Text>
              <Text size="xs" c="dimmed">
                <time dateTime={ticket.created_at}>{formatDateTime(ticket.created_at)}</time>
              </Text>
            </Group>
            <Text mt={6} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {ticket.description}
            </Text>
          </article>
        </Card>
        {ticket.updates.map((u) => (
          <Entry key={u.id} u={u} ticket={ticket} names={names} />
        ))}
      </Stack>
    </section>
  );
}
