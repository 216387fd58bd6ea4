// Live reload for the preview server; the server adds this script to each
// page it serves and it is never part of a published site. It reloads the
// page when a build succeeds, keeping the scroll position, and shows the
// build's problems over the page when a build fails.
(function () {
  "use strict";
  var KEY = "reportgen-reload-scroll";
  var OVERLAY_ID = "reportgen-build-errors";

  // Put the reader back where they were before the reload. Restored again
  // after load because images and charts change the page's height.
  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
    if (saved && saved.path === location.pathname + location.search) {
      if ("scrollRestoration" in history) history.scrollRestoration = "manual";
      var restore = function () { window.scrollTo(saved.x, saved.y); };
      restore();
      window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be disabled; reloading still works */ }

  function reload() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({
        path: location.pathname + location.search, x: window.scrollX, y: window.scrollY
      }));
    } catch (e) {}
    location.reload();
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__reload.css";
  document.head.appendChild(style);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function hideOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  // The overlay is built from DOM nodes and text, never from HTML strings:
  // the messages quote the editor's files.
  function showOverlay(failure) {
    hideOverlay();
    var box = el("section", "rg-overlay");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    var head = el("header", "rg-overlay__head");
    var title = el("h2", "rg-overlay__title", "Build failed");
    title.id = OVERLAY_ID + "-title";
    var close = el("button", "rg-overlay__close", "Dismiss");
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    head.appendChild(title);
    head.appendChild(close);
    box.appendChild(head);
    box.appendChild(el("p", "rg-overlay__note",
      "Underneath is the last good build (Dismiss to see it). Fix the file and save: this page reloads by itself."));
    (failure.problems || []).forEach(function (p) {
      var item = el("article", "rg-problem");
      if (p.path) {
        item.appendChild(el("p", "rg-problem__where",
          p.path + ":" + Math.max(p.line || 1, 1) + ":" + Math.max(p.col || 1, 1)));
      }
      item.appendChild(el("p", "rg-problem__msg", (p.warning ? "warning: " : "") + p.msg));
      if (p.hint) item.appendChild(el("p", "rg-problem__hint", p.hint));
      if (p.context && p.context.length) {
        var pre = el("pre", "rg-problem__src");
        p.context.forEach(function (l) {
          var row = el("span", l.n === p.line ? "rg-line rg-line--here" : "rg-line");
          row.appendChild(el("span", "rg-line__n", String(l.n)));
          row.appendChild(document.createTextNode(l.text + "\n"));
          pre.appendChild(row);
          if (l.n === p.line && p.col > 0) {
            var caret = el("span", "rg-line rg-line--caret");
            caret.appendChild(el("span", "rg-line__n", ""));
            caret.appendChild(document.createTextNode(caretPad(l.text, p.col) + "^\n"));
            pre.appendChild(caret);
          }
        });
        item.appendChild(pre);
      }
      box.appendChild(item);
    });
    if (failure.more) box.appendChild(el("p", "rg-overlay__note", "… and " + failure.more + " more: see the terminal."));
    document.body.appendChild(box);
    close.focus();
  }

  // Columns count bytes, as compilers do; pad with the characters of the
  // line so the caret lines up under multi-byte text and tabs.
  function caretPad(text, col) {
    var bytes = new TextEncoder().encode(text);
    var prefix = new TextDecoder().decode(bytes.slice(0, Math.max(col - 1, 0)));
    return prefix.replace(/[^\t]/g, " ");
  }

  var version = null;
  var events = new EventSource("/__events");
  events.addEventListener("hello", function (e) {
    var v = JSON.parse(e.data).version;
    // A different build than the one this page came from: the site
    // changed while the connection was down.
    if (version !== null && v !== version) reload();
    version = v;
  });
  events.addEventListener("reload", function (e) {
    var m = JSON.parse(e.data);
    if (window.console) console.info("[reload] rebuilt in " + m.build_ms + " ms, " + m.latency_ms + " ms after the change");
    reload();
  });
  events.addEventListener("build-error", function (e) {
    showOverlay(JSON.parse(e.data));
  });
})();
