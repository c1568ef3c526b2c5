/** A stale ticket edit (409 stale_ticket) in words for the conflict review: what another agent changed since this
 * one loaded the ticket, and this agent's own change beside it. */
import type { ConflictField } from '@/components/ConflictReview';
import { t } from '@/lib/i18n';

import type { Conflict } from '../api/edit';
import { changedFields, touched, type EditableField } from '../model/conflict';

const LABEL: Record<EditableField, Parameters<typeof t>[0]> = {
  status: 'tickets.field.status',
  priority: 'tickets.field.priority',
  category: 'tickets.field.category',
  team: 'tickets.field.team',
  tags: 'tickets.field.tags',
  assigned_to: 'tickets.field.assignee',
};

function words(field: EditableField, value: string): string {
  if (value === '') return field === 'assigned_to' ? t('tickets.assignee.none') : t('common.none');
  if (field === 'status') return t(`tickets.status.${value as 'open'}`);
  if (field === 'priority') return t(`tickets.priority.${value as 'low'}`);
  if (field === 'category') return t(`tickets.category.${value as 'other'}`);
  return value;
}

function mine(c: Conflict, field: EditableField, names: ReadonlyMap<number, string>): string {
  const e = c.edit;
  if (field === 'assigned_to') {
    if (e.unassign) return t('tickets.assignee.none');
    return e.assigned_to != null ? (names.get(e.assigned_to) ?? t('tickets.assignee.id', { id: e.assigned_to })) : '';
  }
  if (field === 'tags') return (e.tags ?? []).join(', ');
  const v = e[field];
  return v == null ? '' : words(field, String(v));
}

/** The rows, and a note when the other agent changed none of them ("re-apply to save on top"). */
export function ticketConflict(conflict: Conflict, names: ReadonlyMap<number, string>): { fields: ConflictField[]; note?: string } {
  const theirs = changedFields(conflict.base, conflict.current);
  const yours = touched(conflict.edit);
  const fields = [...new Set([...theirs.map((c) => c.field), ...yours])].map((f) => {
    const change = theirs.find((c) => c.field === f);
    return {
      key: f,
      label: t(LABEL[f]),
      before: change ? words(f, change.before) : undefined,
      now: change ? words(f, change.now) : undefined,
      mine: yours.includes(f) ? mine(conflict, f, names) : undefined,
    };
  });
  return theirs.length === 0 ? { fields, note: t('tickets.conflict.none') } : { fields };
}
