/** The ticket's fields: status, priority, category, team, tags and assignee, each saved on change with the
 * version read. An error appears beside the control that caused it. */
import { Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';

import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

import type { Edit } from '../api/edit';
import type { Agent, Ticket } from '../api/types';
import { CATEGORIES, PRIORITIES, STATUSES } from '../model/search';
import { AssignControl } from './AssignControl';

interface Props {
  ticket: Ticket;
  agents: Agent[];
  canWork: boolean;
  apply: (edit: Edit, on?: Ticket, field?: string | null) => void;
  error: unknown;
  errorField: string | null;
}

export function TicketFields({ ticket, agents, canWork, apply, error, errorField }: Props) {
  const errorFor = (field: string) => (error && errorField === field ? errorMessage(error) : undefined);
  const [team, setTeam] = useState(ticket.team);
  useEffect(() => setTeam(ticket.team), [ticket.team]);
  const teams = [...new Set(agents.map((a) => a.team))].sort();
  const disabled = !canWork;
  const moves = new Set<string>([ticket.status, ...ticket.allowed_transitions]);
  const statuses = STATUSES.filter((s) => moves.has(s)); // the current one and those its reader may move it to
  const stuck = ticket.allowed_transitions.length === 0;
  return (
    <Stack gap="sm">
      <Select
        label={t('tickets.field.status')}
        description={t(stuck ? 'tickets.ticket.noTransitions' : 'tickets.ticket.transitionsNote')}
        data={statuses.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        value={ticket.status}
        onChange={(v) => v && v !== ticket.status && apply({ status: v as Ticket['status'] }, ticket, 'status')}
        allowDeselect={false}
        disabled={disabled || stuck}
        error={errorFor('status')}
      />
      <Select
        label={t('tickets.field.priority')}
        data={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
        value={ticket.priority}
        onChange={(v) => v && v !== ticket.priority && apply({ priority: v as Ticket['priority'] }, ticket, 'priority')}
        allowDeselect={false}
        disabled={disabled}
        error={errorFor('priority')}
      />
      <Select
        label={t('tickets.field.category')}
        data={CATEGORIES.map((c) => ({ value: c, label: t(`tickets.category.${c}`) }))}
        value={ticket.category}
        onChange={(v) => v && v !== ticket.category && apply({ category: v as Ticket['category'] }, ticket, 'category')}
        allowDeselect={false}
        disabled={disabled}
        error={errorFor('category')}
      />
      <AssignControl
        ticket={ticket}
        agents={agents}
        disabled={disabled}
        error={errorFor('assigned_to')}
        onAssign={(id) => apply(id === null ? { unassign: true } : { assigned_to: id }, ticket, 'assigned_to')}
      />
      {teams.length ? (
        <Select
          label={t('tickets.field.team')}
          data={teams.includes(ticket.team) ? teams : [ticket.team, ...teams]}
          value={ticket.team}
          onChange={(v) => v && v !== ticket.team && apply({ team: v }, ticket, 'team')}
          allowDeselect={false}
          disabled={disabled}
          error={errorFor('team')}
        />
      ) : (
        <TextInput
          label={t('tickets.field.team')}
          value={team}
          onChange={(e) => setTeam(e.currentTarget.value)}
          onBlur={() => team.trim() && team !== ticket.team && apply({ team: team.trim() }, ticket, 'team')}
          disabled={disabled}
          error={errorFor('team')}
        />
      )}
      <TagsInput
        label={t('tickets.field.tags')}
        placeholder={t('tickets.tagsHint')}
        value={ticket.tags}
        onChange={(v) => apply({ tags: v.map((x) => x.trim().toLowerCase()).filter(Boolean) }, ticket, 'tags')}
        disabled={disabled}
        error={errorFor('tags')}
        maxTags={20}
      />
    </Stack>
  );
}
