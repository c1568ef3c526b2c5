/** A chart drawn by ECharts on a canvas (large series stay fast). The calling module registers the chart types it
 * uses (see ./register.ts), so each screen's chunk carries only its own. The canvas is hidden from assistive
 * technology: the card's table view is the accessible form of the same figures. */
import { Box, useComputedColorScheme } from '@mantine/core';
import { init, type ECElementEvent, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { useEffect, useRef } from 'react';

import { baseOption } from './palette';

export type ChartClick = { dataIndex: number; seriesIndex: number; name: string; value: unknown };

type Props = {
  /** The chart's own option, given the scheme (merged over the shared one). */
  option: (dark: boolean) => EChartsCoreOption;
  onClick?: (event: ChartClick) => void;
  height?: number;
  testId?: string;
};

export function EChart({ option, onClick, height = 280, testId }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const dark = useComputedColorScheme('light') === 'dark';

  useEffect(() => {
    const node = el.current;
    if (!node) return undefined;
    const c = init(node, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e: ECElementEvent) =>
      click.current?.({ dataIndex: e.dataIndex, seriesIndex: e.seriesIndex ?? 0, name: e.name, value: e.value }),
    );
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(node);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption({ ...baseOption(dark), ...option(dark) }, true);
  }, [option, dark]);

  return (
    <Box
      ref={el}
      h={height}
      w="100%"
      aria-hidden
      data-testid={testId}
      style={{ cursor: onClick ? 'pointer' : undefined, minWidth: 0 }}
    />
  );
}
