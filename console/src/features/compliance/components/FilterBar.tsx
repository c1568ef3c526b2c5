/** The filters the audit log and the reports share (ids, action, a day range), edited locally and applied to the
 * URL at once, so a filtered view is a link. */
import { Button, Group, NumberInput, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { t, type MessageKey } from '@/lib/i18n';

export type Filters = { actor?: number; person?: number; on_behalf_of?: number; action?: string; since?: string; until?: string };
type Field = 'actor' | 'person' | 'on_behalf_of';
const LABELS: Record<Field, MessageKey> = { actor: 'comp.actor', person: 'comp.person', on_behalf_of: 'comp.onBehalfOf' };

export function FilterBar({ value, ids, onApply }: { value: Filters; ids: Field[]; onApply: (f: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(value);
  useEffect(() => setDraft(value), [value]);
  const id = (v: number | string) => (typeof v === 'number' && v > 0 ? v : undefined);
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        {ids.map((f) => (
          <NumberInput key={f} label={t(LABELS[f])} value={draft[f] ?? ''} onChange={(v) => setDraft({ ...draft, [f]: id(v) })} min={1} w={{ base: '100%', sm: 150 }} />
        ))}
        <TextInput label={t('comp.action')} value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: text(e.currentTarget.value) })} w={{ base: '100%', sm: 200 }} />
        <TextInput type="date" label={t('comp.since')} value={draft.since ?? ''} onChange={(e) => setDraft({ ...draft, since: text(e.currentTarget.value) })} w={{ base: '100%', sm: 160 }} />
        <TextInput type="date" label={t('comp.until')} value={draft.until ?? ''} onChange={(e) => setDraft({ ...draft, until: text(e.currentTarget.value) })} w={{ base: '100%', sm: 160 }} />
        <Button type="submit">{t('comp.apply')}</Button>
        <Button variant="default" onClick={() => onApply({})}>
          {t('comp.clear')}
        </Button>
      </Group>
    </form>
  );
}
