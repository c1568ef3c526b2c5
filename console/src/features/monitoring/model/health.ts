/** Health bands of a session score (0-100) and the open state of an alert, as the API defines them. */
import type { Alert, MonitoredSession } from '../api/monitoring';

export const BANDS = ['good', 'fair', 'poor'] as const;
export type Band = (typeof BANDS)[number];

export function band(score: number): Band {
  if (score >= 80) return 'good';
  if (score >= 50) return 'fair';
  return 'poor';
}

export const BAND_COLOR: Record<Band, string> = { good: 'green', fair: 'yellow', poor: 'red' };

export function countByBand(sessions: readonly Pick<MonitoredSession, 'health'>[]): Record<Band, number> {
  const out: Record<Band, number> = { good: 0, fair: 0, poor: 0 };
  for (const s of sessions) out[band(s.health)] += 1;
  return out;
}

/** An alert stays open while its rule fires again within 30 minutes of its last firing. */
export const OPEN_MINUTES = 30;

export function isOpen(alert: Pick<Alert, 'last_seen_at'>, now: number = Date.now()): boolean {
  return now - new Date(alert.last_seen_at).getTime() < OPEN_MINUTES * 60_000;
}
