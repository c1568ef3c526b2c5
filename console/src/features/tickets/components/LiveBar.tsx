/** "N new, show" and the pause switch: the queue never moves under the agent's cursor; they choose when. */
import { Button, Group, Switch, Text } from '@mantine/core';

import { t } from '@/lib/i18n';

interface Props {
  pending: number;
  onShow: () => void;
  paused: boolean;
  onPausedChange: (paused: boolean) => void;
}

export function LiveBar({ pending, onShow, paused, onPausedChange }: Props) {
  return (
    <Group gap="md" justify="space-between" wrap="wrap">
      <div aria-live="polite">
        {pending > 0 ? (
          <Button size="compact-md" variant="light" onClick={onShow}>
            {t('tickets.queue.newShow', { count: pending })}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            {paused ? t('tickets.queue.pausedQuiet') : t('tickets.queue.upToDate')}
          </Text>
        )}
      </div>
      <Switch
        label={t('tickets.queue.pause')}
        checked={paused}
        onChange={(e) => onPausedChange(e.currentTarget.checked)}
      />
    </Group>
  );
}
