/** One figure of a dashboard: a label and its value, read as a term and its description. */
import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function Stat({ label, value, testId, hint }: { label: string; value: ReactNode; testId?: string; hint?: string }) {
  return (
    <Paper withBorder p="sm" radius="md" component="div" role="group" aria-label={label} miw={150} style={{ flex: '1 1 150px' }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${Math.round(value)} ms`;
}
