/** The filters of the current dashboard. Each change replaces the URL's search (so every view is a link and Back
 * leaves the screen); typed fields (segment, course) apply on Enter or on leaving the field. */
import { Autocomplete, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';

import { $api } from '@/lib/api';
import { t } from '@/lib/i18n';

import { ACCOUNT_STATUSES, BANDS, COMPARES, INTERVALS, validateAnalyticsSearch, type AnalyticsSearch } from '../model/search';
import type { AnalyticsScreen } from '../routes';

type Props = { screen: AnalyticsScreen; search: AnalyticsSearch; patch: (p: Partial<AnalyticsSearch>) => void };

function Committed({
  label,
  value,
  hint,
  onCommit,
}: {
  label: string;
  value: string | undefined;
  hint: string;
  onCommit: (v: string | undefined) => void;
}) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => (draft.trim() || undefined) !== value && onCommit(draft.trim() || undefined);
  return (
    <TextInput
      label={label}
      placeholder={hint}
      value={draft}
      maxLength={80}
      w={{ base: '100%', xs: 200 }}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function CourseField({ value, onCommit }: { value: string | undefined; onCommit: (v: string | undefined) => void }) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const [q] = useDebouncedValue(draft, 200);
  const courses = $api.useQuery('get', '/api/courses/', { params: { query: { q, limit: 20 } } }, { staleTime: 300_000 });
  const commit = (v: string) => (v.trim() || undefined) !== value && onCommit(v.trim() || undefined);
  return (
    <Autocomplete
      label={t('analytics.filter.course')}
      placeholder={t('analytics.filter.anyCourse')}
      value={draft}
      maxLength={50}
      w={{ base: '100%', xs: 200 }}
      data={(courses.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.code} · ${c.title}` }))}
      onChange={setDraft}
      onOptionSubmit={(v) => commit(v)}
      onBlur={() => commit(draft)}
      onKeyDown={(e) => e.key === 'Enter' && commit(draft)}
    />
  );
}

/** A segment typed by hand must fit DIMENSION:VALUE; one that does not is kept out of the URL. */
function segment(v: string | undefined): string | undefined {
  return validateAnalyticsSearch({ segment: v }).segment;
}

export function Filters({ screen, search, patch }: Props) {
  const dated = screen !== 'at-risk';
  const w = { base: '100%', xs: 170 };
  return (
    <Group align="flex-end" gap="xs" wrap="wrap" role="group" aria-label={t('analytics.filters')}>
      {dated && (
        <>
          <TextInput
            type="date"
            w={w}
            label={t('analytics.filter.from')}
            value={search.from ?? ''}
            onChange={(e) => patch({ from: e.currentTarget.value || undefined })}
          />
          <TextInput
            type="date"
            w={w}
            label={t('analytics.filter.to')}
            value={search.to ?? ''}
            onChange={(e) => patch({ to: e.currentTarget.value || undefined })}
          />
        </>
      )}
      {(screen === 'engagement' || screen === 'support') && (
        <Select
          w={w}
          label={t('analytics.filter.interval')}
          value={search.interval ?? (screen === 'support' ? 'week' : 'day')}
          allowDeselect={false}
          data={INTERVALS.map((i) => ({ value: i, label: t(`analytics.interval.${i}`) }))}
          onChange={(v) => patch({ interval: (v as AnalyticsSearch['interval']) ?? undefined })}
        />
      )}
      {screen === 'engagement' && (
        <Select
          w={w}
          label={t('analytics.filter.compare')}
          value={search.compare ?? 'none'}
          allowDeselect={false}
          data={[
            { value: 'none', label: t('analytics.compare.none') },
            ...COMPARES.map((c) => ({ value: c, label: t(`analytics.compare.${c}`) })),
          ]}
          onChange={(v) => patch({ compare: v === 'none' ? undefined : (v as AnalyticsSearch['compare']) })}
        />
      )}
      {(screen === 'engagement' || screen === 'cohorts') && (
        <Committed
          label={t('analytics.filter.segment')}
          hint="course:PY-101"
          value={search.segment}
          onCommit={(v) => patch({ segment: segment(v) })}
        />
      )}
      {screen === 'cohorts' && (
        <>
          <Committed
            label={t('analytics.filter.vs')}
            hint="platform_role:learner"
            value={search.vs}
            onCommit={(v) => patch({ vs: segment(v) })}
          />
          <Select
            w={w}
            label={t('analytics.filter.by')}
            value={search.by ?? 'signup_month'}
            allowDeselect={false}
            data={(['signup_month', 'first_enrolment_month'] as const).map((b) => ({ value: b, label: t(`analytics.by.${b}`) }))}
            onChange={(v) => patch({ by: v === 'first_enrolment_month' ? v : undefined })}
          />
          <Select
            w={w}
            label={t('analytics.filter.period')}
            value={search.period ?? 'month'}
            allowDeselect={false}
            data={(['month', 'week'] as const).map((p) => ({ value: p, label: t(`analytics.interval.${p}`) }))}
            onChange={(v) => patch({ period: v === 'week' ? v : undefined })}
          />
        </>
      )}
      {(screen === 'journeys' || screen === 'at-risk') && (
        <CourseField value={search.course} onCommit={(course) => patch({ course })} />
      )}
      {screen === 'at-risk' && (
        <>
          <Select
            w={w}
            label={t('analytics.filter.band')}
            value={search.band ?? null}
            placeholder={t('analytics.filter.anyBand')}
            clearable
            data={BANDS.map((b) => ({ value: b, label: t(`analytics.band.${b}`) }))}
            onChange={(v) => patch({ band: (v as AnalyticsSearch['band']) ?? undefined })}
          />
          <MultiSelect
            w={{ base: '100%', xs: 260 }}
            label={t('analytics.filter.status')}
            value={search.status ?? ['active']}
            data={ACCOUNT_STATUSES.map((s) => ({ value: s, label: t(`analytics.status.${s}`) }))}
            onChange={(v) => {
              const status = v as (typeof ACCOUNT_STATUSES)[number][];
              patch({ status: status.length === 0 || (status.length === 1 && status[0] === 'active') ? undefined : status });
            }}
          />
        </>
      )}
    </Group>
  );
}
