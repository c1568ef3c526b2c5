/** Request figures per route (rate, error rate, p50 and p95) over one window. */
import { Table } from '@mantine/core';

import { formatNumber, t } from '@/lib/i18n';

import type { RouteHealth } from '../api/monitoring';
import { ScrollRegion } from './ScrollRegion';
import { ms, percent } from './Stat';

export function RouteTable({ routes, caption }: { routes: readonly RouteHealth[]; caption: string }) {
  return (
    <ScrollRegion label={caption}>
      <Table captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('monitoring.route')}</Table.Th>
            <Table.Th>{t('monitoring.perMinute')}</Table.Th>
            <Table.Th>{t('monitoring.errorRate')}</Table.Th>
            <Table.Th>{t('monitoring.p50')}</Table.Th>
            <Table.Th>{t('monitoring.p95')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {routes.map((r) => (
            <Table.Tr key={`${r.route}-${r.window_minutes}`}>
              <Table.Td style={{ wordBreak: 'break-all' }}>{r.route === '*' ? t('monitoring.allRoutes') : r.route}</Table.Td>
              <Table.Td>{formatNumber(r.rate_per_minute)}</Table.Td>
              <Table.Td>{percent(r.error_rate)}</Table.Td>
              <Table.Td>{ms(r.p50_ms)}</Table.Td>
              <Table.Td>{ms(r.p95_ms)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
