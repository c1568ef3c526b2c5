import { Alert, Anchor, Badge, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { AppLink } from '@/components/AppLink';
import { $api, errorMessage } from '@/lib/api';
import { formatDateTime, t } from '@/lib/i18n';

/** The learner's tickets, newest first; each a link to the ticket screen. */
export function TicketsTab({ learnerId }: { learnerId: number }): ReactNode {
  const tickets = $api.useQuery('get', '/api/support/tickets/', { params: { query: { user: learnerId, limit: 50 } } });
  if (tickets.isPending) return <Loader aria-label={t('common.loading')} />;
  if (tickets.error) return <Alert color="red" role="alert">{errorMessage(tickets.error)}</Alert>;
  const items = tickets.data?.items ?? [];
  if (items.length === 0) return <Text size="sm">{t('profile.noTickets')}</Text>;
  return (
    <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((tk) => (
        <Paper component="li" key={tk.id} withBorder p="xs">
          <Anchor component={AppLink} to={`/tickets/${tk.id}`} fw={500} style={{ wordBreak: 'break-word' }}>
            {tk.ticket_id} · {tk.title}
          </Anchor>
          <Group gap="xs" mt={4}>
            <Badge variant="light">{String(tk.status)}</Badge>
            <Badge variant="outline">{String(tk.priority)}</Badge>
            <Text size="xs" c="dimmed">
              {formatDateTime(tk.created_at)}
            </Text>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
