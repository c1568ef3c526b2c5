/** A report's rows under its columns (the same as its CSV). */
import { Table } from '@mantine/core';
import { ScrollRegion } from '@/components/ScrollRegion';

export function ReportTable({ label, columns, rows }: { label: string; columns: string[]; rows: (string | null)[][] }) {
  return (
    <ScrollRegion label={label} minWidth={Math.min(1200, columns.length * 110)}>
      <Table aria-label={label} striped>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={i}>
              {row.map((cell, j) => (
                <Table.Td key={j} style={{ overflowWrap: 'anywhere' }}>
                  {cell ?? ''}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
