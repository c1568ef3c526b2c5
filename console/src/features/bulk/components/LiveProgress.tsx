/** An operation's counters, live from its `bulk-<id>` channel. Only this component redraws per event; the screen
 * around it hears of a change of status (to refresh the operation and its errors), nothing else. */
import { Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import { useChannels } from '@/lib/events';
import { formatNumber, t } from '@/lib/i18n';
import { applyProgress, countersOf, formatDuration, readProgress, type Counters } from '../model/progress';
import type { Operation, OperationStatus } from '../model/search';

type Props = { op: Operation; onStatus: (status: OperationStatus) => void };

function Figure({ label, value }: { label: string; value: string }): ReactNode {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={`bulk-${label}`}>
        {value}
      </Text>
    </Stack>
  );
}

export const LiveProgress = memo(function LiveProgress({ op, onStatus }: Props): ReactNode {
  const [counters, setCounters] = useState<Counters>(() => countersOf(op));
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;
  const status = useRef(op.status);
  // a fresher read of the operation (after a status change) replaces what the events said
  useEffect(() => setCounters(countersOf(op)), [op]);
  useChannels([`bulk-${op.operation_id}`], (e) => {
    if (e.type !== 'bulk.progress') return;
    const event = readProgress(e.data, op.operation_id);
    if (!event) return;
    setCounters(applyProgress(op, event));
    if (event.status !== status.current) {
      status.current = event.status;
      onStatusRef.current(event.status);
    }
  });
  const percent = Math.round(counters.progress * 10) / 10;
  const real = !op.dry_run;
  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{t('bulk.progressLabel', { percent: formatNumber(percent) })}</Text>
          <Text size="sm" c="dimmed" aria-live="polite">
            {formatNumber(counters.processed)} / {formatNumber(counters.total_items)}
          </Text>
        </Group>
        <Progress
          value={counters.progress}
          animated={counters.status === 'in_progress'}
          aria-label={t('bulk.progressLabel', { percent: formatNumber(percent) })}
        />
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
          <Figure label={t('bulk.count.processed')} value={formatNumber(counters.processed)} />
          <Figure label={real ? t('bulk.count.succeededReal') : t('bulk.count.succeeded')} value={formatNumber(counters.success_count)} />
          <Figure label={t('bulk.count.failed')} value={formatNumber(counters.error_count)} />
          <Figure label={t('bulk.count.skipped')} value={formatNumber(counters.skipped_count)} />
          <Figure
            label={t('bulk.rate')}
            value={counters.rate_per_s ? t('bulk.rateValue', { rate: formatNumber(Math.round(counters.rate_per_s)) }) : t('bulk.etaDone')}
          />
          <Figure label={t('bulk.eta')} value={counters.eta_s !== null ? formatDuration(counters.eta_s) : t('bulk.etaDone')} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
});
