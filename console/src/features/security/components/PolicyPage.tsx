/** /security/policy: the password policy in force. */
import { Alert, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '@/lib/api';
import { formatNumber, t } from '@/lib/i18n';
import { usePolicy } from '../api/security';

export function PolicyPage() {
  const policy = usePolicy();
  if (policy.isError) return <Alert color="red" role="alert">{errorMessage(policy.error)}</Alert>;
  const p = policy.data;
  if (!p) return <Text role="status">{t('common.loading')}</Text>;
  const figures: [string, string][] = [
    [t('sec.policy.min'), formatNumber(p.min_length)],
    [t('sec.policy.minMfa'), formatNumber(p.min_length_with_mfa)],
    [t('sec.policy.max'), formatNumber(p.max_length)],
    [t('sec.policy.history'), formatNumber(p.history)],
    [t('sec.policy.blocklist'), formatNumber(p.blocklist_size)],
    [t('sec.policy.normalisation'), p.normalisation],
  ];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3 }} component="dl">
        {figures.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="sm">
              {label}
            </Text>
            <Text component="dd" fw={700} m={0}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Title order={2} size="h4">
        {t('sec.policy.rules')}
      </Title>
      <List>
        {p.rules.map((r) => (
          <List.Item key={r}>{r}</List.Item>
        ))}
      </List>
    </Stack>
  );
}
