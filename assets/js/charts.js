// Draws the figures the chart extension wrote: each [data-chart] element
// names a <script type="application/json"> holding an ECharts option. The
// colours come from the site's stylesheet, so charts follow the light or
// dark theme and change with it. Without this script the figure still has
// its summary, its data table and the chart drawn at build time, which this
// script draws over, adding tooltips and keyboard steps.
//
// The build's drawing is the real chart, so ECharts (190 KB compressed,
// about 200 ms of a phone's main thread to run) is not part of loading
// the page: it is fetched once the reader does something (scrolls, points,
// touches, presses a key), and each chart near the screen is then drawn
// in an idle moment of its own, one chart at a time. Pointing at, touching
// or focusing a chart draws it at once; a key pressed or a point touched
// before it is drawn takes effect when it is.
(function () {
  "use strict";
  var me = document.currentScript;
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

  // onScreen says whether any of the element is in the window.
  function onScreen(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < (window.innerHeight || root.clientHeight);
  }

  // The library: ECharts and the charts' theme, named (with their hashes)
  // on this script's element, fetched once, on first need.
  var library = null;
  function load() {
    if (library) return library;
    library = new Promise(function (resolve, reject) {
      if (window.echarts && window.reportChartTheme) { resolve(); return; }
      var names = [["data-echarts", "data-echarts-integrity"], ["data-chart-theme", "data-chart-theme-integrity"]];
      var left = names.length;
      names.forEach(function (n) {
        var src = me && me.getAttribute(n[0]);
        if (!src) { reject(new Error("no " + n[0])); return; }
        var s = document.createElement("script");
        s.src = src;
        var sri = me.getAttribute(n[1]);
        if (sri) s.integrity = sri;
        // In order: the theme is read only when a chart is drawn, but
        // the order keeps that from mattering.
        s.async = false;
        s.onload = function () { if (--left === 0) resolve(); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    });
    return library;
  }

  // Paper gets the drawing made at build time, which the print stylesheet
  // shows in place of this script's: it is finished (no animation to
  // catch half way) and sized for the page, so printing needs no redraw.
  // A chart that replaces the build's drawing in view of the reader does
  // not grow from nothing: the same chart is already there.
  function draw(fig, key, animate) {
    if (fig.chart) fig.chart.dispose();
    var option = window.reportChartOption(fig.json, animate && !reducedMotion());
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

  var stepKeys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: 1, ArrowUp: 1, Home: 1, End: 1, Escape: 1 };

  // The arrow keys show each item's tooltip in turn and say it aloud;
  // Escape hides it. A key pressed before the chart is drawn is kept, and
  // played once it is.
  function keyboard(fig) {
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    fig.el.parentNode.insertBefore(live, fig.el.nextSibling);
    var at = -1;
    fig.step = function (key) {
      var n = fig.items.length;
      if (key === "ArrowRight" || key === "ArrowDown") at = (at + 1) % n;
      else if (key === "ArrowLeft" || key === "ArrowUp") at = (at - 1 + n) % n;
      else if (key === "Home") at = 0;
      else if (key === "End") at = n - 1;
      else { fig.chart.dispatchAction({ type: "hideTip" }); live.textContent = ""; return; }
      var it = fig.items[at];
      var action = { type: "showTip", seriesIndex: it.seriesIndex, dataIndex: it.dataIndex };
      if (it.node) action.dataType = "node";
      fig.chart.dispatchAction(action);
      live.textContent = it.text + " (" + (at + 1) + " of " + n + ")";
    };
    fig.el.addEventListener("keydown", function (e) {
      if (!stepKeys[e.key]) return;
      if (fig.chart && fig.items && fig.items.length) { e.preventDefault(); fig.step(e.key); return; }
      if (e.key === "Escape") return;
      e.preventDefault();
      fig.pendingKey = e.key;
      drawNow(fig);
    });
    fig.el.addEventListener("blur", function () {
      fig.pendingKey = null;
      if (fig.chart) fig.chart.dispatchAction({ type: "hideTip" });
    });
    // Pointing at, touching or focusing the chart draws it now; where it
    // was touched is kept, to show that point's tooltip once drawn.
    function point(e) {
      if (fig.chart) return;
      var r = fig.el.getBoundingClientRect();
      if (e.type !== "pointerenter") fig.pendingPoint = { x: e.clientX - r.left, y: e.clientY - r.top };
      drawNow(fig);
    }
    fig.el.addEventListener("pointerenter", point);
    fig.el.addEventListener("pointerdown", point);
    fig.el.addEventListener("focus", function () { drawNow(fig); });
  }

  // Only charts that have been drawn follow a theme change; the others
  // keep the build's drawing, which follows the stylesheet.
  function drawAll(key) {
    for (var i = 0; i < figures.length; i++) {
      if (figures[i].chart && figures[i].theme !== key) draw(figures[i], key, false);
    }
  }

  function drawFigure(fig) {
    if (fig.chart || fig.failed) return;
    try {
      draw(fig, themeName(), !onScreen(fig.el));
    } catch (e) {
      // A chart that fails to draw leaves the build's drawing, its
      // summary and its table to speak.
      if (fig.chart) fig.chart.dispose();
      fig.chart = null;
      fig.failed = true;
      fig.el.classList.remove("is-drawn");
      return;
    }
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (fig.chart) fig.chart.resize({ animation: { duration: 0 } });
      }).observe(fig.el);
    }
    if (fig.pendingKey) fig.step(fig.pendingKey);
    else if (fig.pendingPoint) fig.chart.dispatchAction({ type: "showTip", x: fig.pendingPoint.x, y: fig.pendingPoint.y });
    fig.pendingKey = fig.pendingPoint = null;
  }

  // drawNow draws one chart as soon as the library is there.
  function drawNow(fig) {
    load().then(function () { drawFigure(fig); }, function () {});
  }

  // The queue of charts near the screen, drawn one per idle moment so no
  // single task holds the page for all of them.
  var queue = [];
  var pumping = false;
  var idle = window.requestIdleCallback
    ? function (f) { window.requestIdleCallback(f, { timeout: 1000 }); }
    : function (f) { setTimeout(f, 50); };
  function pump() {
    if (pumping || !queue.length) return;
    pumping = true;
    load().then(function () {
      idle(function next() {
        var fig = queue.shift();
        if (fig) drawFigure(fig);
        if (queue.length) idle(next);
        else pumping = false;
      });
    }, function () { queue = []; pumping = false; });
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

  // Charts near the screen are drawn once the reader has done something;
  // until then the build's drawing stands.
  var near = [];
  var started = false;
  function want(fig) {
    if (fig.chart || fig.failed || queue.indexOf(fig) >= 0) return;
    queue.push(fig);
    pump();
  }
  function start() {
    if (started) return;
    started = true;
    ["scroll", "wheel", "pointerdown", "pointermove", "keydown", "touchstart"].forEach(function (t) {
      window.removeEventListener(t, start, true);
    });
    if (window.IntersectionObserver) near.forEach(want);
    else figures.forEach(want);
  }
  ["scroll", "wheel", "pointerdown", "pointermove", "keydown", "touchstart"].forEach(function (t) {
    window.addEventListener(t, start, { capture: true, passive: true });
  });
  if (window.IntersectionObserver) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var fig = null;
        figures.forEach(function (f) { if (f.el === entry.target) fig = f; });
        if (!fig) return;
        var at = near.indexOf(fig);
        if (entry.isIntersecting && at < 0) near.push(fig);
        if (!entry.isIntersecting && at >= 0) near.splice(at, 1);
        if (entry.isIntersecting && started) want(fig);
      });
    }, { rootMargin: "200px 0px" });
    figures.forEach(function (f) { seen.observe(f.el); });
  }

  document.addEventListener("themechange", function () { drawAll(themeName()); });
  if (window.matchMedia) {
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () { drawAll(themeName()); });
  }
})();
