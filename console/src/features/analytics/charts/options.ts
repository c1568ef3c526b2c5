/** The dashboards' chart options, as pure functions of the API's answers (tested without a canvas). */
import type { EChartsCoreOption } from 'echarts/core';

import { sequential } from './palette';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

export type Series = { name: string; values: (number | null)[]; kind?: 'line' | 'bar'; stack?: string };

/** Lines or bars over categories (days, weeks, categories, agents); `horizontal` puts categories on the y axis. */
export function axisOption(categories: string[], series: Series[], horizontal = false): EChartsCoreOption {
  const cat = { type: 'category', data: categories, axisTick: { alignWithLabel: true } };
  const val = { type: 'value', splitLine: { lineStyle: { opacity: 0.3 } } };
  return {
    tooltip: { trigger: 'axis', confine: true },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: series.map((s) => ({
      name: s.name,
      type: s.kind ?? 'line',
      data: s.values,
      stack: s.stack,
      showSymbol: categories.length <= 40,
      emphasis: { focus: 'series' },
      barMaxWidth: 28,
    })),
  };
}

/** A matrix of counts or shares: `cells[y][x]`, with its row and column labels. */
export function heatOption(
  xs: string[],
  ys: string[],
  cells: (number | null)[][],
  dark: boolean,
  format: (v: number) => string = String,
): EChartsCoreOption {
  const data = cells.flatMap((row, y) => row.map((v, x) => [x, y, v ?? '-']));
  const max = Math.max(1e-9, ...cells.flat().filter((v): v is number => v !== null));
  return {
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { value: [number, number, number | string] }) =>
        `${ys[p.value[1]]} · ${xs[p.value[0]]}: ${typeof p.value[2] === 'number' ? format(p.value[2]) : '–'}`,
    },
    grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: xs, splitArea: { show: true } },
    yAxis: { type: 'category', data: ys, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: sequential(dark) },
      formatter: (v: number) => format(v),
    },
    series: [{ type: 'heatmap', data, emphasis: { itemStyle: { borderColor: dark ? '#fff' : '#000', borderWidth: 1 } } }],
  };
}
