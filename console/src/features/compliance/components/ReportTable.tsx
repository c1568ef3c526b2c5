/** A report's rows under its columns (the same as its CSV): the people columns (names, e-mail) get readable
 * headers and e-mail cells are links; every other column shows as the API names it. */
import { Anchor, Table } from '@mantine/core';
import { ScrollRegion } from '@/components/ScrollRegion';
import { t, type MessageKey } from '@/lib/i18n';

const HEADERS: Record<string, MessageKey> = {
  actor: 'comp.rcol.actor',
  actor_email: 'comp.rcol.actor_email',
  person: 'comp.rcol.person',
  person_email: 'comp.rcol.person_email',
};

export function header(column: string): string {
  const key = HEADERS[column];
  return key ? t(key) : column;
}

export function ReportTable({ label, columns, rows }: { label: string; columns: string[]; rows: (string | null)[][] }) {
  const emails = new Set(columns.flatMap((c, i) => (c.endsWith('_email') ? [i] : [])));
  return (
    <ScrollRegion label={label} minWidth={Math.min(1600, columns.length * 110)}>
      <Table aria-label={label} striped>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{header(c)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={i}>
              {row.map((cell, j) => (
                <Table.Td key={j} style={{ overflowWrap: 'anywhere' }}>
                  {cell && emails.has(j) ? <Anchor href={`mailto:${cell}`}>{cell}</Anchor> : (cell ?? '')}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
