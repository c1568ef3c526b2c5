/** Approve or reject a privacy request with a recorded reason, or cancel it. */
import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';
import { usePrivacyDecision, type Decision } from '../api/compliance';

const VERB = { approve: 'comp.approve', reject: 'comp.reject', cancel: 'comp.cancel' } as const;

export function PrivacyDecisionDialog({ id, verb, onClose }: Omit<Decision, 'reason'> & { onClose: () => void }) {
  const [reason, setReason] = useState('');
  const decision = usePrivacyDecision();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    decision.mutate({ id, verb, reason }, { onSuccess: onClose });
  };
  return (
    <Modal opened onClose={onClose} title={t('comp.decideTitle', { verb: t(VERB[verb]), id })}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          {verb !== 'cancel' && (
            <Textarea label={t('comp.decisionReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-autofocus />
          )}
          {decision.isError && <Alert color="red" role="alert">{errorMessage(decision.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={verb === 'approve' ? undefined : 'red'} loading={decision.isPending}>
              {t(VERB[verb])}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
