/** Acknowledge an alert and mute its deliveries (an hour, or until resolved), for those with monitoring.manage;
 * who acknowledged it and the mute are shown to everyone. */
import { Alert as Notice, Button, Group, Text } from '@mantine/core';

import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, t } from '@/lib/i18n';

import { useAcknowledge, useMute } from '../api/alerts';
import type { Alert } from '../api/monitoring';

export function AlertActions({ alert }: { alert: Alert }) {
  const can = useCan();
  const ack = useAcknowledge();
  const mute = useMute();
  const live = alert.state !== 'resolved';
  const muted = alert.mute_until_resolved || (alert.muted_until !== null && new Date(alert.muted_until) > new Date());
  const error = ack.error ?? mute.error;
  return (
    <Group gap="sm" mt={4} wrap="wrap">
      {alert.acknowledged_at && (
        <Text size="sm">{t('monitoring.alert.acknowledgedBy', { who: alert.acknowledged_by ?? '?', at: formatDateTime(alert.acknowledged_at) })}</Text>
      )}
      {muted && (
        <Text size="sm">
          {alert.mute_until_resolved ? t('monitoring.alert.mutedUntilResolved') : t('monitoring.alert.mutedUntil', { at: formatDateTime(alert.muted_until ?? '') })}
        </Text>
      )}
      {live && can('monitoring.manage') && (
        <>
          {!alert.acknowledged_at && (
            <Button size="xs" variant="light" loading={ack.isPending} onClick={() => ack.mutate(alert.id)} aria-label={t('monitoring.alert.acknowledgeOne', { id: alert.id })}>
              {t('monitoring.alert.acknowledge')}
            </Button>
          )}
          {muted ? (
            <Button size="xs" variant="default" loading={mute.isPending} onClick={() => mute.mutate({ id: alert.id, minutes: 0 })}>
              {t('monitoring.alert.unmute')}
            </Button>
          ) : (
            <>
              <Button size="xs" variant="default" loading={mute.isPending} onClick={() => mute.mutate({ id: alert.id, minutes: 60 })}>
                {t('monitoring.alert.muteHour')}
              </Button>
              <Button size="xs" variant="default" loading={mute.isPending} onClick={() => mute.mutate({ id: alert.id, minutes: null })}>
                {t('monitoring.alert.muteResolved')}
              </Button>
            </>
          )}
        </>
      )}
      {error && (
        <Notice color="red" role="alert" p="xs">
          {errorMessage(error)}
        </Notice>
      )}
    </Group>
  );
}
