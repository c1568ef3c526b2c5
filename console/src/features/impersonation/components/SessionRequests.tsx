/** Every request made under one session, oldest first (the audit's record of it). */
import { Alert, Table, Text } from '@mantine/core';
import { errorMessage } from '@/lib/api';
import { formatDateTime, t } from '@/lib/i18n';
import { useSession } from '../api/sessions';
import { ScrollRegion } from '@/components/ScrollRegion';

export function SessionRequests({ id }: { id: number }) {
  const detail = useSession(id);
  if (detail.isError) return <Alert color="red">{errorMessage(detail.error)}</Alert>;
  if (!detail.data) return <Text role="status">{t('common.loading')}</Text>;
  if (detail.data.requests.length === 0) return <Text size="sm">{t('imp.noRequests')}</Text>;
  return (
    <ScrollRegion label={t('imp.requests')} minWidth={420}>
      <Table aria-label={t('imp.requests')} striped>
        <Table.Tbody>
          {detail.data.requests.map((r) => (
            <Table.Tr key={r.seq}>
              <Table.Td>{formatDateTime(r.at)}</Table.Td>
              <Table.Td>
                {r.method} {r.path}
              </Table.Td>
              <Table.Td>{r.status}</Table.Td>
              <Table.Td>{r.outcome}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
