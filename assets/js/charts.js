// Draws the figures the chart extension wrote: each [data-chart] element
// names a <script type="application/json"> holding an ECharts option. The
// colours come from the site's stylesheet, so charts follow the light or
// dark theme and change with it. Without this script the figure still has
// its summary and its data table.
(function () {
  "use strict";
  if (!window.echarts) return;
  var root = document.documentElement;
  var figures = [];

  // Palettes with at least 3:1 contrast against the page background, for
  // marks a reader must tell apart; scatter series also differ in shape.
  var palettes = {
    light: ["#0072b2", "#d55e00", "#007a5e", "#b4418e", "#8a6d00", "#5e4fa2", "#4a535c"],
    dark: ["#56b4e9", "#f0a35e", "#3fcf9f", "#e58fc6", "#e8d84a", "#b3a4f0", "#c3ccd4"]
  };

  function themeName() {
    var t = root.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t;
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function cssVar(name, fallback) {
    var v = getComputedStyle(root).getPropertyValue(name).trim();
    return v || fallback;
  }

  // key is "light", "dark" or "print": paper is white whatever the
  // screen's theme, and the print stylesheet's colours are not yet in
  // force when beforeprint fires.
  function theme(key) {
    var name = key === "print" ? "light" : key;
    var fg = cssVar("--fg", "#1d2125"), soft = cssVar("--fg-soft", "#4a535c");
    var rule = cssVar("--rule", "#d5dbe0"), bg = cssVar("--bg", "#ffffff");
    if (key === "print") { fg = "#000"; soft = "#333"; rule = "#999"; bg = "#fff"; }
    var font = cssVar("--font-ui", "sans-serif");
    var axis = {
      axisLine: { lineStyle: { color: soft } },
      axisTick: { lineStyle: { color: soft } },
      axisLabel: { color: soft },
      splitLine: { lineStyle: { color: rule } },
      nameTextStyle: { color: soft }
    };
    return {
      color: palettes[name],
      backgroundColor: "transparent",
      textStyle: { color: fg, fontFamily: font },
      categoryAxis: axis,
      valueAxis: axis,
      legend: { textStyle: { color: fg }, pageTextStyle: { color: fg }, pageIconColor: fg, pageIconInactiveColor: rule },
      tooltip: { backgroundColor: bg, borderColor: rule, textStyle: { color: fg } },
      bar: { label: { color: fg } },
      line: { label: { color: fg } },
      sankey: { label: { color: fg }, itemStyle: { borderColor: bg } },
      // A mark (the mean) in the text colour, so it stands out from bars
      // in the series colour.
      markLine: { lineStyle: { color: fg }, label: { color: fg, textBorderWidth: 0 } }
    };
  }

  function reducedMotion() {
    return window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // While printing, charts are drawn without animation: the page is laid
  // out for paper at once, and a chart caught mid-animation prints empty.
  var printing = false;

  function draw(fig, key) {
    if (fig.chart) fig.chart.dispose();
    var option = JSON.parse(fig.json);
    option.animation = !reducedMotion() && !printing;
    // "{plain}" asks for numbers as written (years without a thousands
    // separator); a function cannot travel in the JSON.
    ["xAxis", "yAxis"].forEach(function (k) {
      [].concat(option[k] || []).forEach(function (a) {
        if (a.axisLabel && a.axisLabel.formatter === "{plain}") a.axisLabel.formatter = String;
      });
    });
    // Keep tooltips inside the figure on narrow screens.
    if (option.tooltip) option.tooltip.confine = true;
    var opts = { renderer: "svg" };
    if (printing) {
      // Paper is narrower than most screens' column and the page is not
      // laid out for it yet: draw at a width A4 and Letter both take.
      opts.width = Math.min(640, fig.el.clientWidth || 640);
      opts.height = fig.el.clientHeight || 352;
    }
    fig.chart = echarts.init(fig.el, theme(key), opts);
    fig.chart.setOption(option);
    fig.theme = key;
  }

  // Only charts that have been drawn follow a theme change; the others are
  // drawn in the theme of the moment when they come into view.
  function drawAll(key) {
    for (var i = 0; i < figures.length; i++) {
      if (figures[i].chart && figures[i].theme !== key) draw(figures[i], key);
    }
  }

  function drawFigure(fig) {
    if (fig.chart) return;
    try {
      draw(fig, printing ? "print" : themeName());
    } catch (e) {
      // A chart that fails to draw leaves its summary and table to speak.
      fig.el.hidden = true;
      return;
    }
    fig.el.classList.add("is-drawn");
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (fig.chart) fig.chart.resize({ animation: { duration: 0 } });
      }).observe(fig.el);
    }
  }

  var nodes = document.querySelectorAll("[data-chart]");
  for (var i = 0; i < nodes.length; i++) {
    var el = nodes[i];
    var data = document.getElementById(el.getAttribute("data-chart"));
    if (!data) continue;
    figures.push({ el: el, json: data.textContent, chart: null, theme: "" });
  }
  if (!figures.length) return;

  // Draw each chart as it comes near the screen rather than all of them
  // while the page loads: a chapter with several charts becomes readable
  // sooner, and charts far down the page cost nothing until read.
  if (window.IntersectionObserver) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        seen.unobserve(entry.target);
        figures.forEach(function (f) { if (f.el === entry.target) drawFigure(f); });
      });
    }, { rootMargin: "200px 0px" });
    figures.forEach(function (f) { seen.observe(f.el); });
  } else {
    figures.forEach(drawFigure);
  }

  document.addEventListener("themechange", function () { drawAll(themeName()); });
  if (window.matchMedia) {
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () { drawAll(themeName()); });
  }
  // Paper shows every chart: draw the ones not yet seen too.
  window.addEventListener("beforeprint", function () {
    printing = true;
    figures.forEach(drawFigure);
    drawAll("print");
  });
  window.addEventListener("afterprint", function () { printing = false; drawAll(themeName()); });
})();
