/** Registers the line and bar charts on axes (import for its effect from a screen that draws them): ECharts is
 * tree-shaken, so a screen's chunk carries only the chart types it registers. */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);
