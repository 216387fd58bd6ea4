// Draws the figures the chart extension wrote: each [data-chart] element
// names a <script type="application/json"> holding an ECharts option. The
// colours come from the site's stylesheet, so charts follow the light or
// dark theme and change with it. Without this script the figure still has
// its summary, its data table and the chart drawn at build time, which this
// script draws over when the figure comes into view.
(function () {
  "use strict";
  if (!window.echarts || !window.reportChartTheme || !window.reportChartOption) return;
  var root = document.documentElement;
  var figures = [];

  function themeName() {
    var t = root.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t;
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function cssVar(name, fallback) {
    var v = getComputedStyle(root).getPropertyValue(name).trim();
    return v || fallback;
  }

  function theme() {
    return window.reportChartTheme({
      fg: cssVar("--fg", "#1d2125"), soft: cssVar("--fg-soft", "#4a535c"),
      rule: cssVar("--rule", "#d5dbe0"), bg: cssVar("--bg", "#ffffff"),
      font: cssVar("--font-ui", "sans-serif")
    });
  }

  function reducedMotion() {
    return window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // Paper gets the drawing made at build time, which the print stylesheet
  // shows in place of this script's: it is finished (no animation to
  // catch half way) and sized for the page, so printing needs no redraw.
  function draw(fig, key) {
    if (fig.chart) fig.chart.dispose();
    var option = window.reportChartOption(fig.json, !reducedMotion());
    // The stylesheet hides the build's drawing under the chart drawn here.
    fig.el.classList.add("is-drawn");
    fig.chart = echarts.init(fig.el, theme(), { renderer: "svg" });
    fig.chart.setOption(option);
    fig.theme = key;
    fig.items = items(option);
  }

  // items lists what the arrow keys step through: every bar, point and
  // Sankey node, each with the words a screen reader says for it.
  function items(option) {
    var out = [];
    [].concat(option.series || []).forEach(function (s, si) {
      var cats = null;
      [].concat(option.xAxis || [], option.yAxis || []).forEach(function (a) {
        if (a.type === "category" && a.data) cats = a.data;
      });
      (s.data || []).forEach(function (d, di) {
        var name = d && typeof d === "object" && d.name ? d.name : "";
        var value = d && typeof d === "object" && "value" in d ? d.value : d;
        if (!name && cats) name = cats[di] + ": " + value;
        out.push({ seriesIndex: si, dataIndex: di, text: name, node: s.type === "sankey" });
      });
    });
    return out;
  }

  // The arrow keys show each item's tooltip in turn and say it aloud;
  // Escape hides it.
  function keyboard(fig) {
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    fig.el.parentNode.insertBefore(live, fig.el.nextSibling);
    var at = -1;
    fig.el.addEventListener("keydown", function (e) {
      if (!fig.chart || !fig.items || !fig.items.length) return;
      var n = fig.items.length;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") at = (at + 1) % n;
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") at = (at - 1 + n) % n;
      else if (e.key === "Home") at = 0;
      else if (e.key === "End") at = n - 1;
      else if (e.key === "Escape") { fig.chart.dispatchAction({ type: "hideTip" }); live.textContent = ""; return; }
      else return;
      e.preventDefault();
      var it = fig.items[at];
      var action = { type: "showTip", seriesIndex: it.seriesIndex, dataIndex: it.dataIndex };
      if (it.node) action.dataType = "node";
      fig.chart.dispatchAction(action);
      live.textContent = it.text + " (" + (at + 1) + " of " + n + ")";
    });
    fig.el.addEventListener("blur", function () {
      if (fig.chart) fig.chart.dispatchAction({ type: "hideTip" });
    });
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
      draw(fig, themeName());
    } catch (e) {
      // A chart that fails to draw leaves the build's drawing, its
      // summary and its table to speak.
      if (fig.chart) fig.chart.dispose();
      fig.chart = null;
      fig.el.classList.remove("is-drawn");
      return;
    }
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
  figures.forEach(keyboard);
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
})();
