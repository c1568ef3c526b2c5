/** A chart's figures as a table: what screen readers, keyboard users and tests read. A cell may link (a cohort's
 * learners, a funnel step's learners), as a click on the chart does. */
import { Anchor, Table } from '@mantine/core';
import type { ReactNode } from 'react';

import { AppLink } from '@/components/AppLink';

export type Column<R> = {
  key: string;
  label: string;
  value: (row: R) => ReactNode;
  href?: (row: R) => string | null;
  numeric?: boolean;
};

type Props<R> = { caption: string; columns: Column<R>[]; rows: R[]; rowKey: (row: R, i: number) => string };

export function DataTable<R>({ caption, columns, rows, rowKey }: Props<R>) {
  return (
    // a region that scrolls sideways on a phone: focusable, so it scrolls by keyboard too
    <Table.ScrollContainer minWidth={0} type="native" tabIndex={0} role="region" aria-label={caption}>
      <Table striped highlightOnHover withTableBorder fz="sm" captionSide="top">
        <Table.Caption style={{ textAlign: 'start' }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} scope="col" style={{ textAlign: c.numeric ? 'end' : 'start' }}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={rowKey(row, i)}>
              {columns.map((c, j) => {
                const href = c.href?.(row);
                const content = href ? (
                  <Anchor component={AppLink} to={href}>
                    {c.value(row)}
                  </Anchor>
                ) : (
                  c.value(row)
                );
                const style = { textAlign: c.numeric ? ('end' as const) : ('start' as const) };
                return j === 0 ? (
                  <Table.Th key={c.key} scope="row" fw={500} style={style}>
                    {content}
                  </Table.Th>
                ) : (
                  <Table.Td key={c.key} style={style}>
                    {content}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
