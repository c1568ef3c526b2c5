/** The queue's view state, all of it in the URL (so every view is a link): validated search params. */
import { list, match, oneOf, searchParams, str, strList } from '@/lib/search';

import { decodeParams, encodeParams, type ViewCodec } from '@/lib/views';

import type { Category, Priority, SlaState, TicketStatus } from '../api/types';

export const STATUSES = ['open', 'in_progress', 'pending_user', 'resolved', 'closed'] as const satisfies readonly TicketStatus[];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent', 'critical'] as const satisfies readonly Priority[];
export const CATEGORIES = [
  'technical',
  'account',
  'billing',
  'course_content',
  'bug',
  'feature_request',
  'other',
] as const satisfies readonly Category[];
export const SLA_STATES = ['ok', 'at_risk', 'breached'] as const satisfies readonly SlaState[];

// Each list above must name every value of the contract's enum: adding one there fails the build here.
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const exhaustive: [
  Exhaustive<TicketStatus, (typeof STATUSES)[number]>,
  Exhaustive<Priority, (typeof PRIORITIES)[number]>,
  Exhaustive<Category, (typeof CATEGORIES)[number]>,
  Exhaustive<SlaState, (typeof SLA_STATES)[number]>,
] = [true, true, true, true];
void exhaustive;

/** The statuses of work not yet done: the default view's. */
export const WORKING: TicketStatus[] = ['open', 'in_progress', 'pending_user'];

export const validateQueueSearch = searchParams({
  /** Free text over code, title and description. */
  q: str(200),
  status: list(STATUSES),
  priority: oneOf(PRIORITIES),
  category: oneOf(CATEGORIES),
  /** me, none or a user id: the API's `assigned_to`. */
  assignee: match(/^(me|none|\d{1,18})$/, 20),
  team: str(50),
  tags: strList(40),
  sla: oneOf(SLA_STATES),
});

export type QueueSearch = ReturnType<typeof validateQueueSearch>;

/** A saved queue view: the filters (lists stored as JSON), read back through the URL's own validation. */
export const queueViews: ViewCodec<QueueSearch> = {
  toParams: (search) => encodeParams(search),
  fromParams: (params) => validateQueueSearch(decodeParams(params, (v) => v.startsWith('['))),
};

/** The default view, "mine and unassigned in my teams, by SLA due", applies while no assignee or team is chosen. */
export function isDeskView(s: QueueSearch): boolean {
  return s.assignee === undefined && s.team === undefined;
}

export function activeFilterCount(s: QueueSearch): number {
  return [s.q, s.status?.length, s.priority, s.category, s.assignee, s.team, s.tags?.length, s.sla].filter(Boolean)
    .length;
}
