// The charts' theme: text, axes, tooltips and marks in the page's colours.
// One home for the look of a chart, shared by the chart script in the
// browser and by the build, which runs this file with ECharts to draw each
// chart as a picture before any script runs. Category colours are not here:
// the option names each one, so a category is the same colour everywhere.
// c holds the colours: fg, soft (secondary text, axes), rule (grid lines),
// bg (the page) and font.
// Plain script, not a module: both this file's users call it as a global.
var reportChartTheme = function (c) {
  "use strict";
  var axis = {
    axisLine: { lineStyle: { color: c.soft } },
    axisTick: { lineStyle: { color: c.soft } },
    axisLabel: { color: c.soft },
    splitLine: { lineStyle: { color: c.rule } },
    nameTextStyle: { color: c.soft }
  };
  return {
    backgroundColor: "transparent",
    textStyle: { color: c.fg, fontFamily: c.font },
    categoryAxis: axis,
    valueAxis: axis,
    legend: { textStyle: { color: c.fg }, pageTextStyle: { color: c.fg }, pageIconColor: c.fg, pageIconInactiveColor: c.rule },
    tooltip: { backgroundColor: c.bg, borderColor: c.rule, textStyle: { color: c.fg } },
    // Bar labels have a halo too, so a mark line crossing one (the mean)
    // does not cross out its number.
    bar: { label: { color: c.fg, textBorderColor: c.bg, textBorderWidth: 3 } },
    line: { label: { color: c.fg } },
    // Points at full strength: ECharts draws them at 0.8, which lightens a
    // category's colour on white and darkens it on the dark theme, so the
    // same category looked a different colour here than in the bars.
    // Points that coincide are drawn side by side, so none hides another.
    scatter: { itemStyle: { opacity: 1 } },
    // A halo in the page's colour keeps a node's label legible where it
    // crosses the flows.
    sankey: { label: { color: c.fg, textBorderColor: c.bg, textBorderWidth: 3 }, itemStyle: { borderColor: c.bg } },
    // A mark (the mean) in the text colour, so it stands out from bars
    // in the series colour; its label has a halo so a bar's label behind
    // it does not blur it.
    markLine: { lineStyle: { color: c.fg }, label: { color: c.fg, textBorderColor: c.bg, textBorderWidth: 3 } }
  };
};

// The option a chart block carries, made ready to draw: "{plain}" asks for
// numbers as written (years without a thousands separator), and a
// function cannot travel in the JSON. animate is false for a drawing that
// must be finished at once (print, reduced motion, the build's picture).
var reportChartOption = function (json, animate) {
  "use strict";
  var option = JSON.parse(json);
  option.animation = !!animate;
  ["xAxis", "yAxis"].forEach(function (k) {
    [].concat(option[k] || []).forEach(function (a) {
      if (a.axisLabel && a.axisLabel.formatter === "{plain}") a.axisLabel.formatter = String;
    });
  });
  // Keep tooltips inside the figure on narrow screens.
  if (option.tooltip) option.tooltip.confine = true;
  return option;
};
