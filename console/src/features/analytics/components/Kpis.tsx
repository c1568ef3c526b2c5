/** A dashboard's headline figures, each with its change against the comparison period when there is one. */
import { Paper, SimpleGrid, Text } from '@mantine/core';

import { t } from '@/lib/i18n';

import { pct } from '../model/format';

export type Kpi = { label: string; value: string; change?: number | null };

export function Kpis({ items, label }: { items: Kpi[]; label: string }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="xs" component="dl" aria-label={label} m={0}>
      {items.map((k) => (
        <Paper key={k.label} withBorder p="xs" radius="sm" miw={0}>
          <Text component="dt" size="xs" c="dimmed">
            {k.label}
          </Text>
          <Text component="dd" m={0} fw={600} size="lg">
            {k.value}
            {k.change !== undefined && k.change !== null && (
              <Text span size="xs" ml={6} c="dimmed">
                {t('analytics.vsCompare', { change: `${k.change >= 0 ? '+' : ''}${pct(k.change)}` })}
              </Text>
            )}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
