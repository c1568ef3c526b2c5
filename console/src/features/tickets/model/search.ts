/** The queue's view state, all of it in the URL (so every view is a link): validated search params. */
import { z } from 'zod';

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

const list = <T extends z.ZodTypeAny>(item: T) =>
  z
    .union([item, z.array(item)])
    .transform((v): z.infer<T>[] => (Array.isArray(v) ? (v as z.infer<T>[]) : [v as z.infer<T>]))
    .optional()
    .catch(undefined);

export const queueSearch = z.object({
  /** Free text over code, title and description. */
  q: z.string().max(200).optional().catch(undefined),
  status: list(z.enum(STATUSES)),
  priority: z.enum(PRIORITIES).optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  /** me, none or a user id: the API's `assigned_to`. */
  assignee: z
    .string()
    .regex(/^(me|none|\d{1,18})$/)
    .optional()
    .catch(undefined),
  team: z.string().max(50).optional().catch(undefined),
  tags: list(z.string().max(40)),
  sla: z.enum(SLA_STATES).optional().catch(undefined),
});

export type QueueSearch = z.infer<typeof queueSearch>;

/** A saved queue view: the filters (lists stored as JSON), read back through the URL's own validation. */
export const queueViews: ViewCodec<QueueSearch> = {
  toParams: (search) => encodeParams(search),
  fromParams: (params) => queueSearch.parse(decodeParams(params, (v) => v.startsWith('['))),
};

/** The default view, "mine and unassigned in my teams, by SLA due", applies while no assignee or team is chosen. */
export function isDeskView(s: QueueSearch): boolean {
  return s.assignee === undefined && s.team === undefined;
}

export function activeFilterCount(s: QueueSearch): number {
  return [s.q, s.status?.length, s.priority, s.category, s.assignee, s.team, s.tags?.length, s.sla].filter(Boolean)
    .length;
}
