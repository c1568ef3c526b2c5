/** Escalate with a reason (required by the API; it goes to the audit log and the agent's e-mail). */
import { Alert, Button, Group, Modal, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';

import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

import { useEscalate } from '../api/ticket';

interface Props {
  ticketId: number;
  code: string;
  opened: boolean;
  onClose: () => void;
  onDone?: () => void;
}

export function EscalateDialog({ ticketId, code, opened, onClose, onDone }: Props) {
  const escalate = useEscalate(ticketId);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (opened) {
      setReason('');
      setMissing(false);
      escalate.reset();
    }
  }, [opened]); // eslint-disable-line react-hooks/exhaustive-deps
  const submit = () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    escalate.mutate(reason.trim(), {
      onSuccess: () => {
        onClose();
        onDone?.();
      },
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.escalate.title', { code })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Textarea
          label={t('tickets.escalate.reason')}
          description={t('tickets.escalate.hint')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={missing ? t('tickets.escalate.reasonRequired') : undefined}
          maxLength={2000}
          autosize
          minRows={3}
          data-autofocus
          required
        />
        {escalate.isError && (
          <Alert color="red" mt="sm" role="alert">
            {errorMessage(escalate.error)}
          </Alert>
        )}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red.9" loading={escalate.isPending}>
            {t('tickets.action.escalate')}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
