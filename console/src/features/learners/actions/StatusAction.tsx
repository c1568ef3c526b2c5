/**
 * Change the account status with a required reason. The profile says which moves its reader may make
 * (`allowed_transitions`, from the API's state machine and the reader's permissions): only those are offered, and
 * a refusal (another agent moved it first) is shown in the API's own words beside the field.
 */
import { Alert, Button, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { $api, errorMessage, fieldErrors, type Schemas } from '@/lib/api';
import { useDraft } from '@/lib/drafts';
import { t, type MessageKey } from '@/lib/i18n';

type Profile = Schemas['UserProfileDetailOut'];
type Status = Profile['account_status'];

export function StatusAction({ profile }: { profile: Profile }): ReactNode {
  const [opened, modal] = useDisclosure(false);
  const [status, setStatus] = useState<Status | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const draft = useDraft(`status:${profile.id}`, { status, reason }, (d) => {
    setStatus(d.status);
    setReason(d.reason);
  });
  const queryClient = useQueryClient();
  const change = $api.useMutation('patch', '/api/users/profiles/{user_id}/', {
    onSuccess: (updated) => {
      queryClient.setQueryData(['get', '/api/users/profiles/{user_id}/', { params: { path: { user_id: profile.id } } }], updated);
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/users/profiles/'] });
      notifications.show({ message: t('profile.statusChanged', { status: t(`status.${updated.account_status}` as MessageKey) }) });
      draft.clear();
      setStatus(null);
      setReason('');
      modal.close();
    },
  });
  const fields = change.error ? fieldErrors(change.error) : {};
  const options = profile.allowed_transitions.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }));
  if (options.length === 0) return null;

  return (
    <>
      <Button variant="default" onClick={modal.open}>
        {t('profile.changeStatus')}
      </Button>
      <Modal opened={opened} onClose={modal.close} title={t('profile.changeStatus')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!status || !reason.trim()) {
              setMissing(true);
              return;
            }
            change.mutate({
              params: { path: { user_id: profile.id } },
              body: { account_status: status, status_reason: reason.trim() },
            });
          }}
        >
          <Stack>
            <Select
              label={t('profile.newStatus')}
              data={options}
              value={status}
              onChange={(v) => setStatus(v as Status | null)}
              required
              error={fields['account_status'] ?? (missing && !status ? t('common.required') : undefined)}
              comboboxProps={{ withinPortal: true }}
            />
            <Textarea
              label={t('common.reason')}
              description={t('profile.reasonRequired')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              maxLength={2000}
              autosize
              minRows={3}
              error={fields['status_reason'] ?? (missing && !reason.trim() ? t('profile.reasonRequired') : undefined)}
            />
            {change.error && Object.keys(fields).length === 0 ? (
              <Alert color="red" role="alert">
                {errorMessage(change.error)}
              </Alert>
            ) : null}
            <Button type="submit" loading={change.isPending}>
              {t('profile.changeStatus')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
