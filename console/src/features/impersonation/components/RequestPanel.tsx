/** Request a session (reason, scope, minutes, ticket), then the sessions this tab holds a token of: their state, the
 * countdowns, the learner's view once approved, and "end". */
import { Alert, Button, Group, NumberInput, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';

import { errorMessage, fieldErrors } from '@/lib/api';
import { t } from '@/lib/i18n';

import { keepToken, useHeldSessions } from '../api/asLearner';
import { useRequestSession } from '../api/sessions';
import { HeldSession } from './HeldSession';

export function RequestPanel({ learner, ticket }: { learner?: number; ticket?: number }) {
  const [userId, setUserId] = useState<number | string>(learner ?? '');
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const [minutes, setMinutes] = useState<number | string>(15);
  const [ticketId, setTicketId] = useState<number | string>(ticket ?? '');
  const [code, setCode] = useState('');
  const request = useRequestSession();
  const held = useHeldSessions();
  const errors = fieldErrors(request.error);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    request.mutate(
      {
        user_id: Number(userId),
        reason,
        scope,
        minutes: Number(minutes),
        ticket_id: ticketId === '' ? null : Number(ticketId),
        totp_code: code || null,
      },
      {
        onSuccess: (issued) => {
          keepToken(issued.id, issued.token);
          setReason('');
          setCode('');
        },
      },
    );
  };

  return (
    <Stack gap="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={560}>
          <NumberInput label={t('imp.learner')} value={userId} onChange={setUserId} min={1} required error={errors['user_id']} />
          <Textarea label={t('imp.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required minRows={2} autosize error={errors['reason']} />
          <Radio.Group label={t('imp.scope')} value={scope} onChange={(v) => setScope(v as 'read' | 'write')}>
            <Group gap="md" mt={4}>
              <Radio value="read" label={t('imp.scope.read')} />
              <Radio value="write" label={t('imp.scope.write')} />
            </Group>
          </Radio.Group>
          <Group grow wrap="wrap" align="flex-start">
            <NumberInput label={t('imp.minutes')} value={minutes} onChange={setMinutes} min={1} max={60} error={errors['minutes']} miw={140} />
            <NumberInput label={t('imp.ticket')} value={ticketId} onChange={setTicketId} min={1} error={errors['ticket_id']} miw={140} />
          </Group>
          <TextInput label={t('imp.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} inputMode="numeric" autoComplete="one-time-code" maw={260} />
          {request.isError && (
            <Alert color="red" role="alert">
              {errorMessage(request.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={request.isPending}>
              {t('imp.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('imp.mine')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imp.mineHint')}
        </Text>
        {held.length === 0 && <Text>{t('imp.noneMine')}</Text>}
        {held.map((id) => (
          <HeldSession key={id} id={id} />
        ))}
      </Stack>
    </Stack>
  );
}
