/** One alert rule's editor: on/off, its thresholds, recipients, channels (e-mail, webhook) and quiet hours. The
 * API's field errors appear beside their field. */
import { Alert as Notice, Button, Checkbox, Group, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from 'react-hook-form';

import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

import { ruleErrors, toBody, toValues, type RuleValues } from '../model/rules';
import type { AlertRule, AlertRuleIn } from '../api/alerts';

interface Props {
  rule: AlertRule;
  pending: boolean;
  error: unknown;
  saved: boolean;
  onSubmit: (body: AlertRuleIn) => void;
}

export function AlertRuleForm({ rule, pending, error, saved, onSubmit }: Props) {
  const form = useForm<RuleValues>({ defaultValues: toValues(rule) });
  const server = ruleErrors(error);
  const knobs = Object.keys(rule.thresholds);
  return (
    <form onSubmit={form.handleSubmit((v) => onSubmit(toBody(v)))} noValidate aria-label={t('monitoring.rules.formFor', { rule: rule.rule })}>
      <Stack gap="sm">
        <Switch label={t('monitoring.rules.enabled')} {...form.register('enabled')} />
        {knobs.length === 0 && <Text size="sm">{t('monitoring.rules.noThresholds')}</Text>}
        <Group grow align="flex-start" wrap="wrap">
          {knobs.map((k) => (
            <TextInput key={k} label={k} inputMode="decimal" {...form.register(`thresholds.${k}`)} error={server[`thresholds.${k}`]} />
          ))}
        </Group>
        <Textarea
          label={t('monitoring.rules.recipients')}
          description={t('monitoring.rules.recipientsHint')}
          autosize
          {...form.register('recipients')}
          error={server['recipients']}
        />
        <Group gap="md">
          <Checkbox label={t('monitoring.rules.email')} {...form.register('email')} />
          <Checkbox label={t('monitoring.rules.webhook')} {...form.register('webhook')} error={server['channels']} />
        </Group>
        <TextInput label={t('monitoring.rules.webhookUrl')} type="url" {...form.register('webhook_url')} error={server['webhook_url']} />
        <Group grow align="flex-start">
          <TextInput label={t('monitoring.rules.quietFrom')} inputMode="numeric" {...form.register('quiet_from')} error={server['quiet_from']} />
          <TextInput label={t('monitoring.rules.quietUntil')} inputMode="numeric" {...form.register('quiet_until')} error={server['quiet_until']} />
        </Group>
        {error !== null && error !== undefined && (
          <Notice color="red" role="alert">
            {errorMessage(error)}
          </Notice>
        )}
        {saved && (
          <Text role="status" c="green">
            {t('monitoring.rules.saved')}
          </Text>
        )}
        <Button type="submit" loading={pending} style={{ alignSelf: 'flex-start' }}>
          {t('monitoring.rules.save')}
        </Button>
      </Stack>
    </form>
  );
}
