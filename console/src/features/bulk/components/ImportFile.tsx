/** The import's file: dropped on the zone or chosen with the (labelled, native) file input; the template to
 * download, and the course codes the `courses` column takes. */
import { Anchor, Group, Paper, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useState, type DragEvent, type ReactNode } from 'react';
import { formatNumber, t } from '@/lib/i18n';
import { useCourses } from '../api/bulk';
import { TEMPLATE_CSV } from '../model/progress';
import { isImportFile } from '../model/request';

const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE_CSV)}`;

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${formatNumber(Math.ceil(bytes / 1024))} KB` : `${formatNumber(bytes / 1024 / 1024, { maximumFractionDigits: 1 })} MB`;
}

export function CourseCodes(): ReactNode {
  const [q, setQ] = useState('');
  const courses = useCourses(q);
  return (
    <details>
      <summary>{t('bulk.courses.title')}</summary>
      <Stack gap="xs" mt="xs">
        <TextInput label={t('bulk.courses.filter')} value={q} maxLength={200} onChange={(e) => setQ(e.currentTarget.value)} />
        <ScrollArea.Autosize mah={220} type="auto">
          <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('bulk.courses.title')}>
            {(courses.data?.items ?? []).map((c) => (
              <Text key={c.code} component="li" size="sm" style={{ overflowWrap: 'anywhere' }}>
                <code>{c.code}</code> — {c.title}
              </Text>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </details>
  );
}

export function ImportFile({ file, onFile }: { file: File | null; onFile: (f: File | null) => void }): ReactNode {
  const [wrong, setWrong] = useState(false);
  const [over, setOver] = useState(false);
  const take = (f: File | undefined) => {
    if (!f) return;
    const ok = isImportFile(f.name);
    setWrong(!ok);
    onFile(ok ? f : null);
  };
  const drop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files[0]);
  };
  return (
    <Stack gap="sm">
      <Paper
        withBorder
        p="md"
        onDragOver={(e: DragEvent<HTMLDivElement>) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        style={{ borderStyle: 'dashed', borderWidth: 2, background: over ? 'var(--mantine-color-default-hover)' : undefined }}
      >
        <Stack gap="xs" align="flex-start">
          <label htmlFor="bulk-file">
            <Text fw={500}>{t('bulk.file.drop')}</Text>
          </label>
          <input
            id="bulk-file"
            type="file"
            aria-label={t('bulk.file.label')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => take(e.currentTarget.files?.[0])}
            style={{ maxWidth: '100%' }}
          />
          {file ? <Text size="sm">{t('bulk.file.chosen', { name: file.name, size: size(file.size) })}</Text> : null}
          {wrong ? (
            <Text size="sm" c="red" role="alert">
              {t('bulk.file.wrongType')}
            </Text>
          ) : null}
        </Stack>
      </Paper>
      <Text size="sm">{t('bulk.file.columns')}</Text>
      <Group>
        <Anchor href={TEMPLATE_HREF} download="bulk-import-template.csv">
          {t('bulk.file.template')}
        </Anchor>
      </Group>
      <CourseCodes />
    </Stack>
  );
}
