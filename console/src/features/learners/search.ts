/**
 * The learners screen's whole state lives in the URL: typed, validated search params (a bad value is dropped,
 * never an error page), turned into GET /api/users/profiles/'s query.
 */
import type { paths } from '@api/schema';
import { day, list, num, oneOf, searchParams, str } from '@/lib/search';
import { decodeParams, encodeParams, type ViewCodec } from '@/lib/views';

export type ProfilesQuery = NonNullable<paths['/api/users/profiles/']['get']['parameters']['query']>;
type Status = NonNullable<ProfilesQuery['status']>[number];
type Role = NonNullable<ProfilesQuery['platform_role']>;
type Priority = NonNullable<ProfilesQuery['support_priority']>;
type Enrolment = NonNullable<ProfilesQuery['enrollment_status']>;
type Sort = NonNullable<ProfilesQuery['sort']>;

export const STATUSES = ['pending', 'active', 'suspended', 'disabled', 'archived'] as const satisfies readonly Status[];
export const ROLES = ['learner', 'instructor', 'staff'] as const satisfies readonly Role[];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Priority[];
export const ENROLMENTS = ['enrolled', 'in_progress', 'completed', 'dropped'] as const satisfies readonly Enrolment[];
export const SORTS = [
  '-last_activity',
  'last_activity',
  'relevance',
  '-relevance',
  '-date_joined',
  'date_joined',
  '-risk_score',
  'risk_score',
  'name',
  '-name',
] as const satisfies readonly Sort[];

export const COLUMNS = [
  'name',
  'username',
  'email',
  'status',
  'role',
  'priority',
  'risk',
  'completion',
  'enrollments',
  'lastActivity',
  'joined',
] as const;
export type ColumnId = (typeof COLUMNS)[number];
export const DEFAULT_COLUMNS: ColumnId[] = ['name', 'email', 'status', 'priority', 'risk', 'completion', 'lastActivity'];

export const validateLearnerSearch = searchParams({
  q: str(200),
  status: list(STATUSES),
  platform_role: oneOf(ROLES),
  support_priority: oneOf(PRIORITIES),
  enrollment_status: oneOf(ENROLMENTS),
  course: str(50),
  last_active_after: day(),
  last_active_before: day(),
  inactive_days: num(0, 36500, true),
  risk_min: num(0, 100),
  risk_max: num(0, 100),
  completion_min: num(0, 100),
  completion_max: num(0, 100),
  joined_after: day(),
  joined_before: day(),
  sort: oneOf(SORTS),
  cursor: str(512),
  cols: list(COLUMNS),
});

export type LearnerSearch = ReturnType<typeof validateLearnerSearch>;

/** A saved view of this screen: the search without its page, read back through the URL's own validation (numbers
 * and lists are stored as JSON). */
export const learnerViews: ViewCodec<LearnerSearch> = {
  toParams: (search) => encodeParams(search, ['cursor']),
  fromParams: (params) => validateLearnerSearch(decodeParams(params, (v) => /^[[{\d-]/.test(v))),
};

/** The filter keys (what "Clear filters" clears; q, sort and columns stay). */
export const FILTER_KEYS = [
  'status',
  'platform_role',
  'support_priority',
  'enrollment_status',
  'course',
  'last_active_after',
  'last_active_before',
  'inactive_days',
  'risk_min',
  'risk_max',
  'completion_min',
  'completion_max',
  'joined_after',
  'joined_before',
] as const satisfies readonly (keyof LearnerSearch)[];

/** A date picked in the form, as the start (or the end) of that day in the browser's time zone. */
function instant(day: string | undefined, endOfDay = false): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T${endOfDay ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export const PAGE_SIZE = 50;

/** The API query for a URL state (undefined values are left out of the request). */
export function toQuery(s: LearnerSearch): ProfilesQuery {
  const query: ProfilesQuery = {
    limit: PAGE_SIZE,
    q: s.q?.trim() || undefined,
    status: s.status,
    platform_role: s.platform_role,
    support_priority: s.support_priority,
    enrollment_status: s.enrollment_status,
    course: s.course?.trim() || undefined,
    last_active_after: instant(s.last_active_after),
    last_active_before: instant(s.last_active_before, true),
    inactive_days: s.inactive_days,
    risk_min: s.risk_min,
    risk_max: s.risk_max,
    completion_min: s.completion_min,
    completion_max: s.completion_max,
    joined_after: instant(s.joined_after),
    joined_before: instant(s.joined_before, true),
    sort: s.sort,
    cursor: s.cursor,
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as ProfilesQuery;
}

export function activeFilterCount(s: LearnerSearch): number {
  return FILTER_KEYS.filter((k) => {
    const v = s[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '';
  }).length;
}
