/** How the dashboards print figures (the locale's digits). */
import { formatNumber } from '@/lib/i18n';

export function n(v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined ? '–' : formatNumber(v, { maximumFractionDigits: digits });
}

export function pct(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined ? '–' : `${formatNumber(share * 100, { maximumFractionDigits: digits })}%`;
}

export function minutes(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  return v >= 120 ? `${formatNumber(v / 60, { maximumFractionDigits: 1 })} h` : `${formatNumber(v, { maximumFractionDigits: 0 })} min`;
}

/** The change from `before` to `now`, signed, as a share of `before` (null without a base). */
export function change(now: number, before: number | null | undefined): number | null {
  return before ? (now - before) / before : null;
}
