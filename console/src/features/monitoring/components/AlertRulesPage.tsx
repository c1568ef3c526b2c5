/** /monitoring/alerts/rules: every alert rule as detection applies it, and one rule's editor (the URL names it). */
import '@/app/screenStyles';
import { Alert as Notice, Anchor, NavLink, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';

import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

import { useAlertRules, useUpdateRule, type AlertRule } from '../api/alerts';
import { AlertRuleForm } from './AlertRuleForm';
import { MonitoringTabs } from './MonitoringTabs';

function Editor({ rule }: { rule: AlertRule }) {
  const update = useUpdateRule(rule.rule);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {rule.rule}
      </Title>
      <AlertRuleForm key={rule.rule} rule={rule} pending={update.isPending} error={update.error} saved={update.isSuccess} onSubmit={(b) => update.mutate(b)} />
    </Paper>
  );
}

export function AlertRulesPage() {
  const rules = useAlertRules();
  const { rule: chosen } = useSearch({ strict: false }) as { rule?: string };
  const navigate = useNavigate();
  const items = rules.data?.items ?? [];
  const current = items.find((r) => r.rule === chosen) ?? items[0];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('monitoring.rules.title')}
      </Title>
      <MonitoringTabs />
      <Anchor renderRoot={(props) => <Link {...props} to="/monitoring/alerts" />}>{t('monitoring.rules.backToAlerts')}</Anchor>
      {rules.isError && (
        <Notice color="red" role="alert" title={t('monitoring.loadFailed')}>
          {errorMessage(rules.error)}
        </Notice>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack component="nav" gap={0} aria-label={t('monitoring.rules.list')}>
          {items.map((r) => (
            <NavLink
              key={r.rule}
              active={r.rule === current?.rule}
              label={r.rule}
              description={`${r.enabled ? t('monitoring.rules.on') : t('monitoring.rules.off')}${r.edited ? '' : ` · ${t('monitoring.rules.defaults')}`}`}
              onClick={() => void navigate({ to: '/monitoring/alerts/rules', search: { rule: r.rule } })}
            />
          ))}
        </Stack>
        {current && <Editor rule={current} />}
      </SimpleGrid>
    </Stack>
  );
}
