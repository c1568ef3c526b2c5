/** A group's events per hour as a sparkline: ECharts core with the line chart and the SVG renderer only; the
 * figures are also given as text for screen readers. */
import { useEffect, useRef } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

import { t } from '@/lib/i18n';

echarts.use([LineChart, GridComponent, SVGRenderer]);

export function Sparkline({ points }: { points: readonly { hour: string; count: number }[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return undefined;
    const chart = echarts.init(box.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: 'category', show: false, data: points.map((p) => p.hour) },
      yAxis: { type: 'value', show: false, min: 0 },
      series: [{ type: 'line', data: points.map((p) => p.count), symbol: 'none', areaStyle: { opacity: 0.2 }, lineStyle: { width: 1.5 } }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [points]);
  const total = points.reduce((n, p) => n + p.count, 0);
  return (
    <figure style={{ margin: 0 }}>
      <div ref={box} style={{ width: '100%', maxWidth: 480, height: 48 }} aria-hidden="true" />
      <figcaption style={{ fontSize: 'var(--mantine-font-size-sm)' }}>{t('monitoring.sparkline', { count: total, hours: points.length })}</figcaption>
    </figure>
  );
}
