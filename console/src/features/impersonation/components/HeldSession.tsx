/** A session this tab asked for: its state (re-read while it may change), and once active the learner's view and
 * "end". */
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';
import { useEndSession, useSession } from '../api/sessions';
import { LearnerView } from './LearnerView';
import { Deadlines, SessionHeader } from './SessionBits';

export function HeldSession({ id }: { id: number }) {
  const session = useSession(id);
  const end = useEndSession();
  const [viewing, setViewing] = useState(false);
  const s = session.data;
  if (!s) return session.isError ? <Alert color="red">{errorMessage(session.error)}</Alert> : <Text role="status">{t('common.loading')}</Text>;
  const open = s.status === 'active' || s.status === 'pending_approval';
  const name = s.target.name || s.target.username;
  return (
    <Card withBorder component="section" aria-label={`#${s.id}`}>
      <Stack gap="xs">
        <SessionHeader s={s} />
        <Text size="sm">{s.reason}</Text>
        {s.decision_note && <Text size="sm">{s.decision_note}</Text>}
        <Deadlines s={s} />
        <Group gap="sm" wrap="wrap">
          {s.status === 'active' && (
            <Button variant={viewing ? 'default' : 'filled'} onClick={() => setViewing((v) => !v)}>
              {viewing ? t('imp.hide') : t('imp.use', { name })}
            </Button>
          )}
          {open && (
            <Button color="red" variant="light" loading={end.isPending} onClick={() => end.mutate(s.id, { onSuccess: () => setViewing(false) })}>
              {s.status === 'active' ? t('imp.end') : t('imp.withdraw')}
            </Button>
          )}
        </Group>
        {end.isError && <Alert color="red" role="alert">{errorMessage(end.error)}</Alert>}
        {end.isSuccess && <Text role="status">{t('imp.ended')}</Text>}
        {viewing && s.status === 'active' && <LearnerView session={s} />}
      </Stack>
    </Card>
  );
}
