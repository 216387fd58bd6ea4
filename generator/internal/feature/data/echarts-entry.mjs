// The site's ECharts build: only the chart types and components the chart
// extension emits, drawn with the SVG renderer (crisp at any zoom and in
// print, and small for charts of a few dozen marks). Rebuild with
// `make echarts`; the output is committed so the Go build needs no Node.
import * as echarts from "echarts/core";
import { BarChart, LineChart, ScatterChart, SankeyChart } from "echarts/charts";
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart, LineChart, ScatterChart, SankeyChart,
  GridComponent, TooltipComponent, LegendComponent, MarkLineComponent,
  SVGRenderer,
]);

export const init = echarts.init;
export const getInstanceByDom = echarts.getInstanceByDom;
export const version = echarts.version;
