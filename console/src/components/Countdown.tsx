/** A deadline counting down to the second ("12:04 left"), read out politely once a minute; "expired" after it. */
import { Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { formatDateTime, t } from '@/lib/i18n';

/** mm:ss (or h:mm:ss) from now until `until`, or null once it has passed. */
export function remaining(until: string, now: number): string | null {
  const left = Math.floor((new Date(until).getTime() - now) / 1000);
  if (!(left > 0)) return null;
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function Countdown({ until, label }: { until: string; label?: string }): ReactNode {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = remaining(until, now);
  return (
    <Text component="span" size="sm" title={formatDateTime(until)} c={left ? undefined : 'dimmed'}>
      {label ? `${label}: ` : ''}
      {left ? t('countdown.left', { time: left }) : t('countdown.passed')}
    </Text>
  );
}
