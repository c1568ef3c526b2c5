/** Operations over the approval threshold that another admin started: approve (it starts) or reject (it is
 * cancelled and never runs). The requester's own wait here too, without the buttons (the API refuses them). */
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { AnchorLink } from '@/components/links';
import { errorMessage } from '@/lib/api';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';
import { useAwaiting, useDecision } from '../api/bulk';
import { typeLabel, who } from './parts';

export function ApprovalsInbox({ me, refetchInterval }: { me: number | undefined; refetchInterval: number | false }): ReactNode {
  const awaiting = useAwaiting(refetchInterval);
  const decision = useDecision();
  const [done, setDone] = useState<string | null>(null);
  const items = awaiting.data?.items ?? [];
  if (items.length === 0 && !done) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="bulk-approvals">
      <Title order={2} size="h4" id="bulk-approvals">
        {t('bulk.approvals')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('bulk.approvalsHint')}
      </Text>
      {done ? (
        <Alert color="green" role="status">
          {done}
        </Alert>
      ) : null}
      {decision.error ? (
        <Alert color="red" role="alert">
          {errorMessage(decision.error)}
        </Alert>
      ) : null}
      {items.map((op) => (
        <Card key={op.operation_id} withBorder padding="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Stack gap={2}>
              <AnchorLink to="/bulk/$id" params={{ id: op.operation_id }} fw={600}>
                {t('bulk.operation', { id: op.operation_id })} · {typeLabel(op.operation_type)}
              </AnchorLink>
              <Text size="sm">
                {formatNumber(op.total_items)} · {t('bulk.startedBy', { who: who(op.created_by, me) })} ·{' '}
                {formatDateTime(op.created_at)}
              </Text>
            </Stack>
            {op.created_by !== me ? (
              <Group gap="xs">
                <Button
                  aria-label={t('bulk.approveLabel', { id: op.operation_id })}
                  loading={decision.isPending}
                  onClick={() =>
                    decision.mutate(
                      { id: op.operation_id, approve: true },
                      { onSuccess: () => setDone(t('bulk.approved', { id: op.operation_id })) },
                    )
                  }
                >
                  {t('bulk.approve')}
                </Button>
                <Button
                  color="red"
                  variant="light"
                  aria-label={t('bulk.rejectLabel', { id: op.operation_id })}
                  loading={decision.isPending}
                  onClick={() =>
                    decision.mutate(
                      { id: op.operation_id, approve: false },
                      { onSuccess: () => setDone(t('bulk.rejected', { id: op.operation_id })) },
                    )
                  }
                >
                  {t('bulk.reject')}
                </Button>
              </Group>
            ) : null}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
