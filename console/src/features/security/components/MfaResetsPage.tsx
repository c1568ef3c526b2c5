/** /security/mfa-resets: resets waiting for a second admin's approval, each with its expiry counting down. */
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Countdown } from '@/components/Countdown';
import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { t } from '@/lib/i18n';
import { useApproveMfaReset, useMfaResets } from '../api/security';

export function MfaResetsPage() {
  const resets = useMfaResets();
  const approve = useApproveMfaReset();
  const may = useCan()('mfa.reset');
  const items = (resets.data?.items ?? []).filter((r) => r.needs_approval);
  return (
    <Stack gap="sm">
      {resets.isError && <Alert color="red" role="alert">{errorMessage(resets.error)}</Alert>}
      {approve.isError && <Alert color="red" role="alert">{errorMessage(approve.error)}</Alert>}
      {resets.isPending && <Text role="status">{t('common.loading')}</Text>}
      {resets.isSuccess && items.length === 0 && <Text>{t('sec.mfaEmpty')}</Text>}
      {items.map((r) => (
        <Card key={r.id} withBorder component="article" aria-label={`#${r.id}`}>
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}>
              <Text>{t('sec.mfaRow', { user: r.user_id, by: r.requested_by, reason: r.reason })}</Text>
              <Countdown until={r.expires_at} label={t('sec.mfaExpires')} />
            </Stack>
            {may && (
              <Button
                size="xs"
                loading={approve.isPending && approve.variables === r.id}
                onClick={() => approve.mutate(r.id, { onSuccess: () => notifications.show({ message: t('sec.mfaApproved') }) })}
              >
                {t('sec.mfaApprove')}
              </Button>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
