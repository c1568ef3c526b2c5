/** The bulk screens' URL state: the history's filters, and what the learner search hands to the wizard. */
import type { Schemas } from '@/lib/api';
import { day, match, num, oneOf, searchParams, str } from '@/lib/search';

export type OperationType = Schemas['OperationType'];
export type OperationStatus = Schemas['OperationStatus'];
export type Operation = Schemas['BulkOperationOut'];

export const TYPES = ['import_users', 'update_status', 'update_fields', 'notify', 'export'] as const satisfies readonly OperationType[];
export const STATUSES = [
  'pending',
  'awaiting_approval',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
] as const satisfies readonly OperationStatus[];
export const FINISHED: readonly OperationStatus[] = ['completed', 'failed', 'cancelled'];

export const validateHistorySearch = searchParams({
  type: oneOf(TYPES),
  status: oneOf(STATUSES),
  created_by: num(1, 1e15, true),
  since: day(),
  cursor: str(512),
});
export type HistorySearch = ReturnType<typeof validateHistorySearch>;

const ID = /^\d{1,15}$/;
/** The ids as the URL carries them (`ids=1,2,3`): positive whole numbers, each once, at most 10,000. */
export function parseIds(raw: unknown): number[] | undefined {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : undefined;
  if (!text) return undefined;
  const ids = [...new Set(text.split(',').filter((v) => ID.test(v)).map(Number))].filter((n) => n > 0).slice(0, 10_000);
  return ids.length > 0 ? ids : undefined;
}

/** The learner search's filter names (the bulk API takes exactly these, GET /api/users/profiles/'s). */
export const FILTER_NAMES = [
  'q',
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
] as const;
export type Filters = Partial<Record<(typeof FILTER_NAMES)[number], string | number | string[]>>;

/** The hand-off's filter (JSON in the URL): known names with plain values only; anything else is dropped. */
export function parseFilter(raw: string | undefined): Filters | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Filters = {};
  for (const name of FILTER_NAMES) {
    const v = (value as Record<string, unknown>)[name];
    if (typeof v === 'string' || typeof v === 'number') out[name] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[name] = v as string[];
  }
  return out;
}

/** /bulk/new: the operation, and the people: ids selected in the learner search (`ids=1,2,3`), or its filters as
 * JSON (`filter=…`). */
export const validateWizardSearch = searchParams({
  op: oneOf(TYPES),
  ids: match(/^\d{1,15}(,\d{1,15}){0,9999}$/, 200_000),
  filter: str(4000),
});
export type WizardSearch = ReturnType<typeof validateWizardSearch>;
