import { MantineProvider } from '@mantine/core';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { act, render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const echarts = vi.hoisted(() => {
  const handlers: Record<string, (e: unknown) => void> = {};
  const chart = {
    setOption: vi.fn(),
    on: vi.fn((name: string, fn: (e: unknown) => void) => {
      handlers[name] = fn;
    }),
    resize: vi.fn(),
    dispose: vi.fn(),
  };
  return { chart, handlers, init: vi.fn(() => chart) };
});
vi.mock('echarts/core', () => ({ init: echarts.init, use: vi.fn() }));

import { EChart } from '../charts/EChart';
import { ChartCard } from '../components/ChartCard';
import { DataTable } from '../components/DataTable';

class NoResize {
  observe() {}
  disconnect() {}
}

/** Render inside Mantine (in a colour scheme) and a router (the table's links are router links). */
async function renderIn(ui: ReactElement, scheme: 'light' | 'dark' = 'light') {
  const rootRoute = createRootRoute({
    component: () => (
      <MantineProvider forceColorScheme={scheme}>
        {ui}
      </MantineProvider>
    ),
  });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: ['/'] }) });
  await act(async () => {
    render(<RouterProvider router={router} />);
  });
  return router;
}

const rows = [
  { cohort: '2026-01', size: 40, share: 0.5 },
  { cohort: '2026-02', size: 25, share: 0.32 },
];
const table = (
  <DataTable
    caption="Retention by cohort"
    rows={rows}
    rowKey={(r) => r.cohort}
    columns={[
      { key: 'cohort', label: 'Cohort', value: (r) => r.cohort, href: (r) => `/learners?joined_after=${r.cohort}-01` },
      { key: 'size', label: 'Size', value: (r) => r.size, numeric: true },
      { key: 'share', label: 'Period 1', value: (r) => `${r.share * 100}%`, numeric: true },
    ]}
  />
);

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', NoResize);
  vi.stubGlobal('scrollTo', vi.fn()); // the router restores scroll; jsdom has no layout
  echarts.init.mockClear();
  echarts.chart.setOption.mockClear();
});

describe('a chart card', () => {
  it('shows the chart, or its table with every figure and the cells as links', async () => {
    const chart = vi.fn(() => <div data-testid="drawn" />);
    const card = (asTable: boolean) => (
      <ChartCard id="retention" title="Retention by cohort" table={asTable} chart={chart} data={table} />
    );
    await renderIn(card(false));
    expect(screen.getByTestId('drawn')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByRole('region', { name: 'Retention by cohort' })).toBeInTheDocument();
  });

  it('as a table, heads rows and columns and links a cohort to its learners', async () => {
    await renderIn(<ChartCard id="retention" title="Retention by cohort" table chart={() => null} data={table} />);
    const grid = screen.getByRole('table', { name: 'Retention by cohort' });
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Cohort', 'Size', 'Period 1']);
    expect(within(grid).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['2026-01', '2026-02']);
    expect(within(grid).getByRole('link', { name: '2026-02' })).toHaveAttribute('href', '/learners?joined_after=2026-02-01');
    expect(within(grid).getByText('32%')).toBeInTheDocument();
  });
});

describe('the ECharts wrapper', () => {
  it('draws in the scheme with the shared palette and hands clicks on', async () => {
    const clicked = vi.fn();
    const option = () => ({ series: [{ type: 'bar', data: [1, 2] }] });
    await renderIn(<EChart option={option} onClick={clicked} testId="c" />, 'dark');
    expect(echarts.init).toHaveBeenCalledWith(expect.any(HTMLElement), 'dark', { renderer: 'canvas' });
    const drawn = echarts.chart.setOption.mock.calls.at(-1)?.[0] as { color: string[]; series: unknown[]; backgroundColor: string };
    expect(drawn.series).toEqual([{ type: 'bar', data: [1, 2] }]);
    expect(drawn.backgroundColor).toBe('transparent');
    expect(drawn.color[0]).toBe('#0072B2');
    echarts.handlers['click']?.({ dataIndex: 1, seriesIndex: 0, name: 'b', value: 2 });
    expect(clicked).toHaveBeenCalledWith({ dataIndex: 1, seriesIndex: 0, name: 'b', value: 2 });
    expect(screen.getByTestId('c')).toHaveAttribute('aria-hidden', 'true');
  });

  it('draws light without a theme', async () => {
    await renderIn(<EChart option={() => ({})} />);
    expect(echarts.init).toHaveBeenCalledWith(expect.any(HTMLElement), undefined, { renderer: 'canvas' });
  });
});
