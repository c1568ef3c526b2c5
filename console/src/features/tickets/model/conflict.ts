/** What changed on a ticket between the version an agent edited and the current one, for the 409 panel. */
import type { Ticket, TicketPatch } from '../api/types';

export type EditableField = 'status' | 'priority' | 'category' | 'team' | 'tags' | 'assigned_to';
export const EDITABLE: EditableField[] = ['status', 'priority', 'category', 'team', 'tags', 'assigned_to'];

/** A field's value as words-to-be (the component translates enum values). */
export function valueOf(t: Ticket, field: EditableField): string {
  if (field === 'assigned_to') return t.assigned_to ? t.assigned_to.username : '';
  if (field === 'tags') return t.tags.join(', ');
  return String(t[field]);
}

export interface FieldChange {
  field: EditableField;
  before: string;
  now: string;
}

export function changedFields(before: Ticket, now: Ticket): FieldChange[] {
  return EDITABLE.filter((f) => valueOf(before, f) !== valueOf(now, f)).map((f) => ({
    field: f,
    before: valueOf(before, f),
    now: valueOf(now, f),
  }));
}

/** The fields an edit touches (assign/unassign count as the assignee). */
export function touched(patch: Omit<TicketPatch, 'version'>): EditableField[] {
  const out: EditableField[] = [];
  for (const f of EDITABLE) {
    if (f === 'assigned_to') {
      if (patch.assigned_to != null || patch.unassign) out.push(f);
    } else if (patch[f] != null) out.push(f);
  }
  return out;
}
