/** Resolve one or several security events with a note. */
import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';
import { useResolve } from '../api/security';

export function ResolveDialog({ ids, onClose }: { ids: number[]; onClose: (done: boolean) => void }) {
  const [note, setNote] = useState('');
  const resolve = useResolve();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    resolve.mutate(
      { ids, note },
      {
        onSuccess: () => {
          notifications.show({ message: t('sec.resolved', { count: ids.length }) });
          onClose(true);
        },
      },
    );
  };
  return (
    <Modal opened onClose={() => onClose(false)} title={t('sec.resolveTitle', { count: ids.length })}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Textarea label={t('sec.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} required autosize minRows={3} data-autofocus />
          {resolve.isError && <Alert color="red" role="alert">{errorMessage(resolve.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={resolve.isPending} disabled={note.trim() === ''}>
              {t('sec.resolveOne')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
