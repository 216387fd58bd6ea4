// Run in the full-report page before it is printed to the PDF edition.
// prepare(args) returns the contents' entries [{ID, Title, Page: 0}] and
// the text of every heading;
// number(pages) writes the page numbers into the contents page.
({
  prepare: function (args) {
    var toc = Array.prototype.slice.call(document.querySelectorAll(".report-toc a[href^='#']"));
    var chapters = toc.map(function (a) {
      return { ID: decodeURIComponent(a.getAttribute("href").slice(1)), Title: a.textContent.trim(), Page: 0 };
    });
    if (args.title) document.title = args.title;

    // Links: within the report they stay links inside the PDF; to other
    // pages of the site they point at the published site, or become plain
    // text when its address is not known (the address printed from is
    // gone by the time the file is read).
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var u;
      try { u = new URL(a.getAttribute("href"), location.href); } catch (e) { return; }
      if (u.origin !== location.origin) return;
      if (u.pathname === location.pathname && u.hash) {
        a.setAttribute("href", u.hash);
      } else if (args.publicBase && u.pathname.indexOf(args.base) === 0) {
        a.setAttribute("href", args.publicBase + u.pathname.slice(args.base.length) + u.search + u.hash);
      } else {
        a.removeAttribute("href");
      }
    });

    // Running heads: each chapter is a named page whose top margin names
    // it; a section inside a part carries its part's name.
    function cssString(s) { return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " ") + '"'; }
    var css = [], current = null, n = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".report-chapter"), function (sec) {
      var h = sec.querySelector("h2, h3");
      if (!current || sec.classList.contains("lvl2")) {
        n++;
        current = "chapter-" + n;
        css.push("@page " + current + " { @top-left { content: " + cssString(h ? h.textContent.trim() : "") +
          "; font-family: system-ui, sans-serif; font-size: 8.5pt; color: #444; vertical-align: bottom; padding-bottom: 3mm; } }");
      }
      sec.setAttribute("data-pdf-page", current);
    });
    css.push(".report-chapter[data-pdf-page] { page: auto; }");
    for (var i = 1; i <= n; i++) css.push(".report-chapter[data-pdf-page='chapter-" + i + "'] { page: chapter-" + i + "; }");
    var style = document.createElement("style");
    style.textContent = "@media print { " + css.slice(n).join("\n") + " }\n" + css.slice(0, n).join("\n");
    document.head.appendChild(style);

    // The headings as written: Chromium's bookmarks join the lines of a
    // heading that wraps without a space, so their titles are taken from
    // here.
    var headings = Array.prototype.map.call(document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6"), function (h) {
      var c = h.cloneNode(true);
      Array.prototype.forEach.call(c.querySelectorAll(".anchor, .visually-hidden"), function (e) { e.remove(); });
      return c.textContent.replace(/\s+/g, " ").trim();
    });
    return document.fonts.ready.then(function () { return { Chapters: chapters, Headings: headings }; });
  },

  number: function (pages) {
    Array.prototype.forEach.call(document.querySelectorAll(".report-toc a[href^='#']"), function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      var span = a.querySelector(".report-toc__page");
      if (!span) {
        span = document.createElement("span");
        span.className = "report-toc__page";
        a.appendChild(span);
      }
      span.textContent = pages[id] ? String(pages[id]) : "";
    });
  }
})
