/** The last 30 days of impersonation: sessions, scopes, the median duration, how approvals were answered, the share
 * linked to a ticket, and sessions per staff member. */
import { Alert, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { errorMessage } from '@/lib/api';
import { formatNumber, t } from '@/lib/i18n';
import { useStats } from '../api/sessions';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm">{label}</Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </div>
  );
}

export function StatsPanel() {
  const stats = useStats();
  if (stats.isError) return <Alert color="red" role="alert">{errorMessage(stats.error)}</Alert>;
  const s = stats.data;
  if (!s) return <Text role="status">{t('common.loading')}</Text>;
  const median = s.median_duration_seconds === null ? '—' : `${formatNumber(Math.round(s.median_duration_seconds / 60))} min`;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label={t('imp.stats.sessions')} value={formatNumber(s.sessions)} />
        <Figure label={t('imp.stats.median')} value={median} />
        <Figure label={t('imp.stats.read')} value={formatNumber(s.per_scope.read)} />
        <Figure label={t('imp.stats.write')} value={formatNumber(s.per_scope.write)} />
      </SimpleGrid>
      <Text>{t('imp.stats.approvals', { ...s.approval })}</Text>
      <Text>{t('imp.stats.ticket', { share: formatNumber(Math.round(s.linked_to_ticket_share * 100)) })}</Text>
      <Table aria-label={t('imp.stats.perStaff')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imp.stats.staff')}</Table.Th>
            <Table.Th>{t('imp.stats.count')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.per_staff.map((p) => (
            <Table.Tr key={p.impersonator_id}>
              <Table.Td>{p.username}</Table.Td>
              <Table.Td>{formatNumber(p.sessions)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
