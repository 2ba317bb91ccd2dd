// ECharts, with only the parts the explorer uses (scatter and bar charts).
import * as echarts from 'echarts/core';
import { BarChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, ScatterChart, GridComponent, TooltipComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer]);

// chart draws option into el (which must be in the document) and follows
// its size; returns {chart, dispose}.
export function chart(el, option, { onClick } = {}) {
  const c = echarts.init(el, null, { renderer: 'canvas' });
  c.setOption(option);
  if (onClick) c.on('click', onClick);
  const ro = new ResizeObserver(() => c.resize());
  ro.observe(el);
  return {
    chart: c,
    dispose() {
      ro.disconnect();
      c.dispose();
    },
  };
}

export { FONT } from './util.js';
