/** How far an SLA due time is from now, in whole units, for a countdown in words (colour is never the only
 * signal). */

export interface Countdown {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
}

export function countdown(dueIso: string, now: number): Countdown {
  const diff = Date.parse(dueIso) - now;
  const total = Math.floor(Math.abs(diff) / 60_000);
  return {
    overdue: diff < 0,
    days: Math.floor(total / 1440),
    hours: Math.floor((total % 1440) / 60),
    minutes: total % 60,
  };
}
