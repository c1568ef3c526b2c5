/** The ticket's SLA windows with countdowns, the pause, breaches and the rating once given. */
import { Stack, Text, Title } from '@mantine/core';

import { formatDateTime, t } from '@/lib/i18n';

import type { Ticket } from '../api/types';
import { SlaBadge } from './SlaBadge';

type WindowKey = 'first_response' | 'next_response' | 'resolution';

export function SlaPanel({ ticket }: { ticket: Ticket }) {
  const windows: [WindowKey, string | null][] = [
    ['first_response', ticket.first_response_at ? null : ticket.first_response_due],
    ['next_response', ticket.next_response_due],
    ['resolution', ticket.resolved_at ? null : ticket.sla_deadline],
  ];
  const breaches = Object.entries(ticket.breaches) as [WindowKey, string][];
  return (
    <section aria-labelledby="sla-title">
      <Title order={2} size="h5" id="sla-title" mb="xs">
        {t('tickets.sla.title')}
      </Title>
      <Stack gap={6}>
        {windows
          .filter(([, due]) => due)
          .map(([key, due]) => (
            <div key={key}>
              <Text size="sm" component="span" mr="xs">
                {t(`tickets.sla.window.${key}`)}
              </Text>
              <SlaBadge due={due} state={ticket.breaches[key] ? 'breached' : ticket.sla_state} />
            </div>
          ))}
        {ticket.first_response_at && (
          <Text size="sm">{t('tickets.sla.met', { when: formatDateTime(ticket.first_response_at) })}</Text>
        )}
        {ticket.sla_paused_at && (
          <Text size="sm">{t('tickets.sla.pausedSince', { when: formatDateTime(ticket.sla_paused_at) })}</Text>
        )}
        {breaches.map(([key, when]) => (
          <Text size="sm" key={key} c="red.9" fw={600}>
            {t('tickets.sla.breachedAt', { window: t(`tickets.sla.window.${key}`), when: formatDateTime(when) })}
          </Text>
        ))}
      </Stack>
      <Title order={2} size="h5" mt="md" mb="xs">
        {t('tickets.ticket.rating')}
      </Title>
      {ticket.satisfaction_rating !== null ? (
        <>
          <Text size="sm" fw={600}>
            {t('tickets.ticket.rated', { rating: ticket.satisfaction_rating })}
          </Text>
          {ticket.satisfaction_comment && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              “{ticket.satisfaction_comment}”
            </Text>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('tickets.ticket.notRated')}
        </Text>
      )}
    </section>
  );
}
