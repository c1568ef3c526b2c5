import { Alert, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { RiskBadge } from '@/components/badges';
import { $api, errorMessage } from '@/lib/api';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';

/** The risk score as the API computes it: band, score, the reasons behind it and how it moved. */
export function RiskTab({ learnerId }: { learnerId: number }): ReactNode {
  const risk = $api.useQuery('get', '/api/users/profiles/{user_id}/risk', { params: { path: { user_id: learnerId } } });
  if (risk.isPending) return <Loader aria-label={t('common.loading')} />;
  if (risk.error || !risk.data) return <Alert color="red" role="alert">{errorMessage(risk.error)}</Alert>;
  const r = risk.data;
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Text size="xs" c="dimmed">
          {t('profile.riskScore')}
        </Text>
        <RiskBadge band={r.band} score={r.score} />
        <Text size="xs" c="dimmed" mt={4}>
          {formatDateTime(r.computed_at)}
        </Text>
      </Paper>
      <Title order={3} size="h5">
        {t('profile.riskReasons')}
      </Title>
      <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {r.reasons.map((reason) => (
          <Paper component="li" key={reason.indicator} withBorder p="xs">
            <Text size="sm" fw={500}>
              {reason.indicator} (+{formatNumber(Math.round(reason.contribution * 10) / 10)})
            </Text>
            <Text size="sm" style={{ wordBreak: 'break-word' }}>
              {reason.detail}
            </Text>
          </Paper>
        ))}
      </Stack>
      <Title order={3} size="h5">
        {t('profile.riskHistory')}
      </Title>
      {r.history.length === 0 ? (
        <Text size="sm">{t('profile.noRiskHistory')}</Text>
      ) : (
        <Table fz="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('profile.when')}</Table.Th>
              <Table.Th scope="col">{t('profile.riskScore')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.history.map((h) => (
              <Table.Tr key={h.at}>
                <Table.Td>
                  <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                </Table.Td>
                <Table.Td>
                  <RiskBadge band={h.band} score={h.score} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
