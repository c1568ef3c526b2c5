/** The analytics screens' view state, all of it in the URL: validated search params (a bad value is dropped). */
import { day, list, match, num, oneOf, searchParams, str } from '@/lib/search';

export const INTERVALS = ['day', 'week', 'month'] as const;
export const COMPARES = ['previous', 'year'] as const;
export const BANDS = ['low', 'medium', 'high', 'critical'] as const;
export const ACCOUNT_STATUSES = ['pending', 'active', 'suspended', 'disabled', 'archived'] as const;
export const SEGMENT_DIMENSIONS = [
  'platform_role',
  'support_priority',
  'account_status',
  'signup_month',
  'enrolment_month',
  'course',
] as const;
const SEGMENT = /^(platform_role|support_priority|account_status|signup_month|enrolment_month|course):[\w.-]{1,60}$/;

export const validateAnalyticsSearch = searchParams({
  from: day(),
  to: day(),
  /** DIMENSION:VALUE, e.g. course:PYTH-100 */
  segment: match(SEGMENT, 80),
  course: str(50),
  /** a comparison period beside the range: the one before it, or the same one a year earlier */
  compare: oneOf(COMPARES),
  interval: oneOf(INTERVALS),
  /** every chart as its table */
  view: oneOf(['chart', 'table']),
  // cohorts
  by: oneOf(['signup_month', 'first_enrolment_month']),
  period: oneOf(['week', 'month']),
  vs: match(SEGMENT, 80),
  n: num(0, 10, true),
  // at-risk
  band: oneOf(BANDS),
  status: list(ACCOUNT_STATUSES),
});

export type AnalyticsSearch = ReturnType<typeof validateAnalyticsSearch>;

const DAY_MS = 86_400_000;

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The range a screen asks for: the URL's, else the 30 days ending today (the API's default, made explicit so a
 * comparison period can be worked out from it). */
export function rangeOf(s: AnalyticsSearch, today: Date = new Date()): { from: string; to: string } {
  const to = s.to ?? isoDay(today);
  const from = s.from ?? isoDay(new Date(Date.parse(to) - 29 * DAY_MS));
  return from <= to ? { from, to } : { from: to, to: from };
}

/** The comparison period: as long as the range and just before it, or the same days a year earlier. */
export function comparisonOf(range: { from: string; to: string }, compare: AnalyticsSearch['compare']) {
  if (!compare) return null;
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (compare === 'year') {
    const back = (iso: string) => {
      const d = new Date(Date.parse(iso));
      d.setUTCFullYear(d.getUTCFullYear() - 1);
      return isoDay(d);
    };
    return { from: back(range.from), to: back(range.to) };
  }
  const days = Math.round((to - from) / DAY_MS) + 1;
  return { from: isoDay(new Date(from - days * DAY_MS)), to: isoDay(new Date(from - DAY_MS)) };
}

/** The band's score range, as learner search takes it (risk_min inclusive, risk_max inclusive). */
export const BAND_RANGE: Record<(typeof BANDS)[number], [number, number]> = {
  low: [0, 24.9],
  medium: [25, 49.9],
  high: [50, 74.9],
  critical: [75, 100],
};

/** The search kept when moving between the analytics screens (the shared filters only). */
export function sharedFilters(s: AnalyticsSearch): AnalyticsSearch {
  const { from, to, segment, course, compare, view } = s;
  return Object.fromEntries(
    Object.entries({ from, to, segment, course, compare, view }).filter(([, v]) => v !== undefined),
  ) as AnalyticsSearch;
}
