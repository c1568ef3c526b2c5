/** Every filter GET /api/users/profiles/ has, each a labelled field; changes go to the URL. */
import { Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { t, type MessageKey } from '@/lib/i18n';
import { ENROLMENTS, PRIORITIES, ROLES, STATUSES, type LearnerSearch } from '../search';

type Patch = (patch: Partial<LearnerSearch>) => void;

const options = (prefix: string, values: readonly string[]) =>
  values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));

function DateField({ label, value, onChange }: { label: MessageKey; value: string | undefined; onChange: (v: string | undefined) => void }): ReactNode {
  return (
    <TextInput
      type="date"
      label={t(label)}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value || undefined)}
    />
  );
}

function NumberField({
  label,
  value,
  onChange,
  max,
}: {
  label: MessageKey;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  max: number;
}): ReactNode {
  return (
    <NumberInput
      label={t(label)}
      value={value ?? ''}
      min={0}
      max={max}
      clampBehavior="strict"
      allowDecimal={false}
      onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
    />
  );
}

export function LearnerFilters({ search, patch, onClear }: { search: LearnerSearch; patch: Patch; onClear: () => void }): ReactNode {
  const any = t('learners.any');
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
      <MultiSelect
        label={t('learners.status')}
        placeholder={search.status?.length ? undefined : any}
        data={options('status', STATUSES)}
        value={search.status ?? []}
        onChange={(v) => patch({ status: v.length ? (v as LearnerSearch['status']) : undefined })}
        clearable
      />
      <Select
        label={t('learners.role')}
        placeholder={any}
        data={options('role', ROLES)}
        value={search.platform_role ?? null}
        onChange={(v) => patch({ platform_role: (v ?? undefined) as LearnerSearch['platform_role'] })}
        clearable
      />
      <Select
        label={t('learners.priority')}
        placeholder={any}
        data={options('priority', PRIORITIES)}
        value={search.support_priority ?? null}
        onChange={(v) => patch({ support_priority: (v ?? undefined) as LearnerSearch['support_priority'] })}
        clearable
      />
      <Select
        label={t('learners.enrollmentStatus')}
        placeholder={any}
        data={options('enrollment', ENROLMENTS)}
        value={search.enrollment_status ?? null}
        onChange={(v) => patch({ enrollment_status: (v ?? undefined) as LearnerSearch['enrollment_status'] })}
        clearable
      />
      <TextInput
        label={t('learners.course')}
        value={search.course ?? ''}
        maxLength={50}
        onChange={(e) => patch({ course: e.currentTarget.value || undefined })}
      />
      <NumberField label="learners.inactiveDays" value={search.inactive_days} max={36500} onChange={(v) => patch({ inactive_days: v })} />
      <DateField label="learners.activeAfter" value={search.last_active_after} onChange={(v) => patch({ last_active_after: v })} />
      <DateField label="learners.activeBefore" value={search.last_active_before} onChange={(v) => patch({ last_active_before: v })} />
      <NumberField label="learners.riskMin" value={search.risk_min} max={100} onChange={(v) => patch({ risk_min: v })} />
      <NumberField label="learners.riskMax" value={search.risk_max} max={100} onChange={(v) => patch({ risk_max: v })} />
      <NumberField label="learners.completionMin" value={search.completion_min} max={100} onChange={(v) => patch({ completion_min: v })} />
      <NumberField label="learners.completionMax" value={search.completion_max} max={100} onChange={(v) => patch({ completion_max: v })} />
      <DateField label="learners.joinedAfter" value={search.joined_after} onChange={(v) => patch({ joined_after: v })} />
      <DateField label="learners.joinedBefore" value={search.joined_before} onChange={(v) => patch({ joined_before: v })} />
      <Group align="flex-end">
        <Button variant="subtle" onClick={onClear}>
          {t('learners.clearFilters')}
        </Button>
      </Group>
    </SimpleGrid>
  );
}
