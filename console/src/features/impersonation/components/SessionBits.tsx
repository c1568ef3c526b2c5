/** Small pieces every session row shows: its status in words, who acts as whom, and the live deadlines. */
import { Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Countdown } from '@/components/Countdown';
import { t, type MessageKey } from '@/lib/i18n';
import type { Session } from '../api/sessions';

const COLOUR: Record<string, string> = { pending_approval: 'yellow', active: 'green', rejected: 'red' };

export function label(prefix: string, value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}

export function SessionStatus({ status }: { status: string }): ReactNode {
  return (
    <Badge color={COLOUR[status] ?? 'gray'} variant="light">
      {label('imp.status', status)}
    </Badge>
  );
}

export function SessionHeader({ s }: { s: Session }): ReactNode {
  return (
    <Group gap="xs" wrap="wrap">
      <Text fw={600}>#{s.id}</Text>
      <SessionStatus status={s.status} />
      <Badge variant="outline">{label('imp.scope', s.scope)}</Badge>
      <Text>{t('imp.who', { staff: s.impersonator.name || s.impersonator.username, learner: s.target.name || s.target.username })}</Text>
      <Text size="sm">{t('imp.minutesValue', { minutes: s.minutes })}</Text>
      {s.ticket_id !== null && <Text size="sm">#{s.ticket_id}</Text>}
    </Group>
  );
}

export function Deadlines({ s }: { s: Session }): ReactNode {
  return (
    <Group gap="md" wrap="wrap">
      {s.status === 'pending_approval' && s.approval_expires_at && (
        <Countdown until={s.approval_expires_at} label={t('imp.approvalExpires')} />
      )}
      {s.status === 'active' && s.expires_at && <Countdown until={s.expires_at} label={t('imp.sessionExpires')} />}
    </Group>
  );
}
