/** The learner's view read with the session's token: the warning banner (both people are recorded), their account
 * as the API shows it to them, and their tickets. */
import { Alert, List, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '@/lib/api';
import { formatDateTime, t } from '@/lib/i18n';
import { useLearnerView } from '../api/asLearner';
import type { Session } from '../api/sessions';
import { label } from './SessionBits';

export function LearnerView({ session }: { session: Session }) {
  const { me, tickets } = useLearnerView(session.id, true);
  const banner = me.data?.impersonation;
  const learner = session.target.name || session.target.username;
  return (
    <Stack gap="sm" component="section" aria-label={t('imp.learnerView')}>
      {banner && (
        <Alert color="orange" variant="filled" role="status" title={t('imp.learnerView')}>
          {t('imp.banner', {
            learner,
            staff: banner.impersonator.name || banner.impersonator.username,
            scope: label('imp.scope', banner.scope),
            reason: banner.reason,
          })}
        </Alert>
      )}
      {(me.isError || tickets.isError) && (
        <Alert color="red" role="alert" title={t('imp.viewFailed')}>
          {errorMessage(me.error ?? tickets.error)}
        </Alert>
      )}
      {me.data && (
        <Text>
          {me.data.username} · {t('imp.learnerEmail')}: {me.data.email}
        </Text>
      )}
      <Title order={3} size="h5">
        {t('imp.learnerTickets')}
      </Title>
      {tickets.data && tickets.data.items.length === 0 && <Text>{t('imp.noTickets')}</Text>}
      {tickets.data && (
        <List>
          {tickets.data.items.map((tk) => (
            <List.Item key={tk.id}>
              {tk.ticket_id} {tk.title} · {tk.status} · {formatDateTime(tk.updated_at)}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
