/** The queue's filters: each one is a URL search param, so a filtered queue is a link. */
import { Button, Group, MultiSelect, Select, TagsInput, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';

import { t } from '@/lib/i18n';

import type { Agent } from '../api/types';
import { activeFilterCount, CATEGORIES, PRIORITIES, SLA_STATES, STATUSES, type QueueSearch } from '../model/search';

interface Props {
  search: QueueSearch;
  onChange: (next: QueueSearch) => void;
  agents: Agent[];
}

export function QueueFilters({ search, onChange, agents }: Props) {
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if ((search.q ?? '') !== q) onChange({ ...search, q: q || undefined });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (patch: Partial<QueueSearch>) => onChange({ ...search, ...patch });
  const teams = [...new Set(agents.map((a) => a.team))].sort();
  const people = [...new Map(agents.map((a) => [a.user_id, a.username])).entries()];
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('tickets.filters')}>
      <TextInput
        label={t('tickets.search')}
        placeholder={t('tickets.searchHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-shortcut-search
        w={{ base: '100%', sm: 220 }}
      />
      <MultiSelect
        label={t('tickets.field.status')}
        placeholder={t('tickets.any')}
        data={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        value={search.status ?? []}
        onChange={(v) => set({ status: v.length ? (v as QueueSearch['status']) : undefined })}
        clearable
        w={{ base: '100%', sm: 220 }}
      />
      <Select
        label={t('tickets.field.priority')}
        placeholder={t('tickets.any')}
        data={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
        value={search.priority ?? null}
        onChange={(v) => set({ priority: (v ?? undefined) as QueueSearch['priority'] })}
        clearable
        w={{ base: '100%', sm: 140 }}
      />
      <Select
        label={t('tickets.field.category')}
        placeholder={t('tickets.any')}
        data={CATEGORIES.map((c) => ({ value: c, label: t(`tickets.category.${c}`) }))}
        value={search.category ?? null}
        onChange={(v) => set({ category: (v ?? undefined) as QueueSearch['category'] })}
        clearable
        w={{ base: '100%', sm: 170 }}
      />
      <Select
        label={t('tickets.field.assignee')}
        placeholder={t('tickets.any')}
        data={[
          { value: 'me', label: t('tickets.assignee.me') },
          { value: 'none', label: t('tickets.assignee.none') },
          ...people.map(([id, name]) => ({ value: String(id), label: name })),
        ]}
        value={search.assignee ?? null}
        onChange={(v) => set({ assignee: v ?? undefined })}
        searchable
        clearable
        w={{ base: '100%', sm: 170 }}
      />
      <Select
        label={t('tickets.field.team')}
        placeholder={t('tickets.any')}
        data={search.team && !teams.includes(search.team) ? [...teams, search.team] : teams}
        value={search.team ?? null}
        onChange={(v) => set({ team: v ?? undefined })}
        clearable
        w={{ base: '100%', sm: 150 }}
      />
      <TagsInput
        label={t('tickets.field.tags')}
        placeholder={t('tickets.tagsHint')}
        value={search.tags ?? []}
        onChange={(v) => set({ tags: v.length ? v.map((x) => x.toLowerCase()) : undefined })}
        w={{ base: '100%', sm: 200 }}
      />
      <Select
        label={t('tickets.field.sla')}
        placeholder={t('tickets.any')}
        data={SLA_STATES.map((s) => ({ value: s, label: t(`tickets.sla.state.${s}`) }))}
        value={search.sla ?? null}
        onChange={(v) => set({ sla: (v ?? undefined) as QueueSearch['sla'] })}
        clearable
        w={{ base: '100%', sm: 140 }}
      />
      {activeFilterCount(search) > 0 && (
        <Button variant="subtle" onClick={() => onChange({})}>
          {t('tickets.clearFilters')}
        </Button>
      )}
    </Group>
  );
}
