/** The assignee, chosen among agents with each one's team, load and availability in words. */
import { Select } from '@mantine/core';

import { t } from '@/lib/i18n';

import type { Agent, Ticket } from '../api/types';

interface Props {
  ticket: Ticket;
  agents: Agent[];
  disabled: boolean;
  error?: string;
  onAssign: (userId: number | null) => void;
}

export function agentLabel(a: Agent): string {
  return t('tickets.assign.option', {
    name: a.username,
    team: a.team,
    load: a.load,
    availability: a.available ? t('tickets.assign.available') : t('tickets.assign.away'),
  });
}

export function AssignControl({ ticket, agents, disabled, error, onAssign }: Props) {
  // the ticket's team first, then the rest; the least loaded available agents first within each
  const sorted = [...agents].sort(
    (a, b) =>
      Number(b.team === ticket.team) - Number(a.team === ticket.team) ||
      Number(b.available) - Number(a.available) ||
      a.load - b.load ||
      a.username.localeCompare(b.username),
  );
  const seen = new Set<number>();
  const data = [{ value: 'none', label: t('tickets.assignee.none') }];
  for (const a of sorted) {
    if (seen.has(a.user_id)) continue;
    seen.add(a.user_id);
    data.push({ value: String(a.user_id), label: agentLabel(a) });
  }
  const current = ticket.assigned_to ? String(ticket.assigned_to.id) : 'none';
  if (ticket.assigned_to && !seen.has(ticket.assigned_to.id)) {
    data.push({ value: current, label: ticket.assigned_to.username });
  }
  return (
    <Select
      label={t('tickets.assign.label')}
      data={data}
      value={current}
      onChange={(v) => {
        if (v && v !== current) onAssign(v === 'none' ? null : Number(v));
      }}
      searchable
      allowDeselect={false}
      disabled={disabled}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
