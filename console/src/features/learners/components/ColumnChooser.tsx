import { Button, Checkbox, Popover, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { t, type MessageKey } from '@/lib/i18n';
import { COLUMNS, type ColumnId } from '../search';

/** Which columns the table shows (the name always shows: it is the link). Stored in the URL. */
export function ColumnChooser({ value, onChange }: { value: ColumnId[]; onChange: (v: ColumnId[]) => void }): ReactNode {
  return (
    <Popover position="bottom-end" withinPortal trapFocus>
      <Popover.Target>
        <Button variant="default">{t('learners.columns')}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group
          label={t('learners.columnsHint')}
          value={value}
          onChange={(v) => onChange(COLUMNS.filter((c) => v.includes(c)))}
        >
          <Stack gap={6} mt="xs">
            {COLUMNS.filter((c) => c !== 'name').map((c) => (
              <Checkbox key={c} value={c} label={t(`learners.col.${c}` as MessageKey)} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}
