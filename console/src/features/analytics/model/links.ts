/** Links out of analytics to the screens that list learners (the learner search and the bulk wizard), as plain
 * URLs with their filters in search params: features never import each other. */
import { BAND_RANGE, type AnalyticsSearch } from './search';

function query(params: Record<string, string | number | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    // the router's search format: a list is JSON, a single value is as it is
    q.set(key, Array.isArray(value) ? JSON.stringify(value) : String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The learners who signed up in a month (a signup cohort), in the learner search. */
export function cohortLearners(cohort: string, course?: string): string {
  return `/learners${query({ joined_after: `${cohort}-01`, joined_before: lastDay(cohort), course })}`;
}

/** The learners who signed up in the range (a funnel's learners), in the learner search. */
export function signupLearners(from: string, to: string, course?: string): string {
  return `/learners${query({ joined_after: from, joined_before: to, course, enrollment_status: course ? 'enrolled' : undefined })}`;
}

/** Learners of a risk band, in the learner search (highest score first). */
export function bandLearners(band: NonNullable<AnalyticsSearch['band']>, status?: string[], course?: string): string {
  const [min, max] = BAND_RANGE[band];
  return `/learners${query({ risk_min: min, risk_max: max, status, course, sort: '-risk_score' })}`;
}

export type BulkOperation = 'notify' | 'export';

/** The bulk wizard (another feature's screen, `/bulk/new`), handed either the chosen learners' ids (`ids=1,2,3`) or
 * the at-risk filter as the learner search's filter names, in JSON (`filter=…`): the wizard's own URL format. */
export function bulkHandOff(
  op: BulkOperation,
  subjects: { ids: number[] } | { band?: AnalyticsSearch['band']; status?: string[]; course?: string },
): string {
  if ('ids' in subjects) return `/bulk/new${query({ op, ids: subjects.ids.join(',') })}`;
  const range = subjects.band ? BAND_RANGE[subjects.band] : undefined;
  const filter = { status: subjects.status ?? ['active'], course: subjects.course, risk_min: range?.[0], risk_max: range?.[1] };
  return `/bulk/new${query({ op, filter: JSON.stringify(filter) })}`;
}
