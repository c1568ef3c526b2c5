/** One figure of a dashboard: its title, then the chart or (with `view=table` in the URL) its table. The chart is
 * drawn only when shown; the table always holds every figure the chart does. */
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type Props = {
  title: string;
  description?: string;
  table: boolean;
  chart: () => ReactNode;
  data: ReactNode;
  id: string;
};

export function ChartCard({ title, description, table, chart, data, id }: Props) {
  return (
    <Paper withBorder p="sm" radius="sm" component="section" aria-labelledby={`${id}-title`} miw={0}>
      <Stack gap="xs">
        <div>
          <Title order={2} size="h5" id={`${id}-title`}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {table ? data : chart()}
      </Stack>
    </Paper>
  );
}
