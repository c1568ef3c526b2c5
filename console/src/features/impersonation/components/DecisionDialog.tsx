/** Approve (with a code from the authenticator when enrolled) or reject (with a note for the requester). */
import { Alert, Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';
import { useDecide, type Session } from '../api/sessions';

export function DecisionDialog({ session, approve, onClose }: { session: Session; approve: boolean; onClose: () => void }) {
  const [text, setText] = useState('');
  const decide = useDecide();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    decide.mutate(
      { id: session.id, approve, text },
      {
        onSuccess: () => {
          notifications.show({ message: approve ? t('imp.approved') : t('imp.rejected') });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t(approve ? 'imp.approveTitle' : 'imp.rejectTitle', { id: session.id })}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          {approve ? (
            <TextInput label={t('imp.code')} value={text} onChange={(e) => setText(e.currentTarget.value)} inputMode="numeric" autoComplete="one-time-code" />
          ) : (
            <Textarea label={t('imp.note')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} />
          )}
          {decide.isError && <Alert color="red" role="alert">{errorMessage(decide.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" color={approve ? undefined : 'red'} loading={decide.isPending}>
              {approve ? t('imp.approve') : t('imp.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
