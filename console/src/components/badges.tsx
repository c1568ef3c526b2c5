/** Value badges: the text always says the value (colour is never the only signal). */
import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatNumber, t, type MessageKey } from '@/lib/i18n';

const STATUS_COLOUR: Record<string, string> = {
  pending: 'gray',
  active: 'green',
  suspended: 'orange',
  disabled: 'red',
  archived: 'dark',
};
const PRIORITY_COLOUR: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
const BAND_COLOUR: Record<string, string> = { low: 'green', medium: 'yellow', high: 'orange', critical: 'red' };

function label(prefix: string, value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}

export function StatusBadge({ status }: { status: string }): ReactNode {
  return (
    <Badge color={STATUS_COLOUR[status] ?? 'gray'} variant="light">
      {label('status', status)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }): ReactNode {
  return (
    <Badge color={PRIORITY_COLOUR[priority] ?? 'gray'} variant="outline">
      {t('profile.supportPriority')}: {label('priority', priority)}
    </Badge>
  );
}

/** The risk band as the API names it (GET …/risk), with the score. */
export function RiskBadge({ band, score }: { band?: string | null; score: number }): ReactNode {
  const text = band ? `${label('band', band)} · ${formatNumber(Math.round(score))}` : t('risk.score', { score: formatNumber(Math.round(score)) });
  return (
    <Badge color={band ? (BAND_COLOUR[band] ?? 'gray') : 'gray'} variant="light">
      {text}
    </Badge>
  );
}
