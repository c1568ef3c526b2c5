/** An SLA countdown: its words say the state and the time ("At risk: due in 25 min"); amber and red only
 * repeat them. The state comes from the API (`sla_state`); a due time already past reads as overdue. */
import { Badge } from '@mantine/core';

import { formatDateTime, t } from '@/lib/i18n';

import { countdown, type Countdown } from '../model/countdown';
import type { SlaState } from '../api/types';
import { useNow } from './useNow';

// amber and red dark or light enough for their text to read (axe's contrast rule); gray when on track
const COLOUR: Record<SlaState, string> = { ok: 'gray', at_risk: 'yellow.4', breached: 'red.9' };

export function span(c: Countdown): string {
  if (c.days > 0) return t('tickets.sla.spanDays', { days: c.days, hours: c.hours });
  if (c.hours > 0) return t('tickets.sla.spanHours', { hours: c.hours, minutes: c.minutes });
  if (c.minutes > 0) return t('tickets.sla.spanMinutes', { minutes: c.minutes });
  return t('tickets.sla.spanNow');
}

export function SlaBadge({ due, state }: { due: string | null | undefined; state: SlaState }) {
  const now = useNow();
  if (!due) {
    return (
      <Badge variant={state === 'ok' ? 'light' : 'filled'} color={COLOUR[state]} autoContrast>
        {state === 'breached' ? t('tickets.sla.breached') : t('tickets.sla.none')}
      </Badge>
    );
  }
  const c = countdown(due, now);
  const shown: SlaState = c.overdue ? 'breached' : state;
  const when = c.overdue ? t('tickets.sla.overdue', { span: span(c) }) : t('tickets.sla.dueIn', { span: span(c) });
  return (
    <Badge
      variant={shown === 'ok' ? 'light' : 'filled'}
      color={COLOUR[shown]}
      autoContrast
      title={formatDateTime(due)}
      style={{ textTransform: 'none' }}
    >
      {t(`tickets.sla.state.${shown}`)}: {when}
    </Badge>
  );
}
