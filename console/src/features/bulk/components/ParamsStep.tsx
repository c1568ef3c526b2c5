/** The parameters of each type: the import's mode, the new status and reason, the field changes, the message,
 * or the export's columns and format. */
import { Checkbox, MultiSelect, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { t, type MessageKey } from '@/lib/i18n';
import { useCourses } from '../api/bulk';
import {
  ACCOUNT_STATUSES,
  EXPORT_FIELDS,
  MODES,
  PRIORITIES,
  ROLES,
  type ExportFormat,
  type ImportMode,
  type Params,
  type Priority,
  type Role,
  type Status,
} from '../model/request';
import type { OperationType } from '../model/search';

type Props = { type: OperationType; params: Params; patch: (p: Partial<Params>) => void };

function CoursePicker({ label, value, onChange }: { label: string; value: string[]; onChange: (v: string[]) => void }): ReactNode {
  const [q, setQ] = useState('');
  const courses = useCourses(q);
  const data = [...new Set([...value, ...(courses.data?.items ?? []).map((c) => c.code)])];
  return (
    <MultiSelect
      label={label}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={q}
      onSearchChange={setQ}
      maxValues={50}
      clearable
    />
  );
}

export function ParamsStep({ type, params, patch }: Props): ReactNode {
  const label = (prefix: string, v: string) => t(`${prefix}.${v}` as MessageKey);
  if (type === 'import_users') {
    return (
      <Select
        label={t('bulk.param.mode')}
        data={MODES.map((m) => ({ value: m, label: label('bulk.mode', m) }))}
        value={params.mode}
        onChange={(v) => patch({ mode: (v ?? 'create_only') as ImportMode })}
        allowDeselect={false}
      />
    );
  }
  if (type === 'update_status') {
    return (
      <Stack gap="sm">
        <Select
          label={t('bulk.param.status')}
          data={ACCOUNT_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
          value={params.status}
          onChange={(v) => patch({ status: (v ?? null) as Status | null })}
          required
        />
        <Textarea label={t('bulk.param.reason')} value={params.reason} maxLength={2000} autosize minRows={2} onChange={(e) => patch({ reason: e.currentTarget.value })} />
      </Stack>
    );
  }
  if (type === 'update_fields') {
    const keep = { value: '', label: t('bulk.param.keep') };
    return (
      <Stack gap="sm">
        <Select
          label={t('bulk.param.priority')}
          data={[keep, ...PRIORITIES.map((p) => ({ value: p, label: label('priority', p) }))]}
          value={params.priority ?? ''}
          onChange={(v) => patch({ priority: (v || null) as Priority | null })}
          allowDeselect={false}
        />
        <Select
          label={t('bulk.param.role')}
          data={[keep, ...ROLES.map((r) => ({ value: r, label: label('role', r) }))]}
          value={params.role ?? ''}
          onChange={(v) => patch({ role: (v || null) as Role | null })}
          allowDeselect={false}
        />
        <CoursePicker label={t('bulk.param.addCourses')} value={params.addCourses} onChange={(addCourses) => patch({ addCourses })} />
        <CoursePicker label={t('bulk.param.removeCourses')} value={params.removeCourses} onChange={(removeCourses) => patch({ removeCourses })} />
      </Stack>
    );
  }
  if (type === 'notify') {
    return (
      <Stack gap="sm">
        <TextInput label={t('bulk.param.subject')} description={t('bulk.param.templateHint')} value={params.subject} maxLength={200} required onChange={(e) => patch({ subject: e.currentTarget.value })} />
        <Textarea label={t('bulk.param.body')} value={params.body} autosize minRows={4} maxLength={20000} required onChange={(e) => patch({ body: e.currentTarget.value })} />
        <Checkbox label={t('bulk.param.marketing')} checked={params.marketing} onChange={(e) => patch({ marketing: e.currentTarget.checked })} />
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Checkbox.Group label={t('bulk.param.fields')} value={params.fields} onChange={(v) => patch({ fields: v as Params['fields'] })}>
        <Stack gap={4} mt={4}>
          {EXPORT_FIELDS.map((f) => (
            <Checkbox key={f} value={f} label={f} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Select
        label={t('bulk.param.format')}
        data={['csv', 'xlsx', 'json']}
        value={params.format}
        onChange={(v) => patch({ format: (v ?? 'csv') as ExportFormat })}
        allowDeselect={false}
      />
    </Stack>
  );
}
