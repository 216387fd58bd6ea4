// Previews of citations and cross-references: pointing at or focusing a
// citation shows its reference, a "Figure 3" or "Table 1" link shows that
// figure's caption and summary, in a small box beside the link. The box
// stays while the pointer moves onto it, and Escape closes it (WCAG 1.4.13).
// The target is read from this page, or fetched once from the page it is
// on (same site, so the Content-Security-Policy allows it).
(function () {
  "use strict";
  var links = document.querySelectorAll(".prose a.cite[href], .prose a.xref[href]");
  if (!links.length || !window.fetch || !window.DOMParser) return;

  var pages = {}; // page URL -> promise of its document
  function load(url) {
    if (!pages[url]) {
      pages[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
    }
    return pages[url];
  }

  // target finds the element a link points at, here or on its page.
  function target(a) {
    var u = new URL(a.getAttribute("href"), location.href);
    var id = decodeURIComponent(u.hash.slice(1));
    if (!id) return Promise.resolve(null);
    if (u.pathname === location.pathname) return Promise.resolve(document.getElementById(id));
    return load(u.pathname).then(function (doc) { return doc.getElementById(id); }, function () { return null; });
  }

  // content is what the box shows of the target: a reference's text, or
  // a figure's or table's caption and one-sentence summary.
  function content(el) {
    var out = document.createDocumentFragment();
    var ref = el.querySelector(".ref-text");
    if (ref) {
      out.appendChild(document.importNode(ref, true));
      return out;
    }
    var cap = el.querySelector("figcaption, caption");
    if (!cap) return null;
    var title = document.createElement("strong");
    title.className = "preview__title";
    title.textContent = cap.textContent.replace(/\s+/g, " ").trim();
    out.appendChild(title);
    var sum = el.querySelector("[class*='summary']");
    if (sum) {
      var p = document.createElement("span");
      p.className = "preview__summary";
      p.textContent = sum.textContent.replace(/\s+/g, " ").trim();
      out.appendChild(p);
    }
    return out;
  }

  var box = document.createElement("div");
  box.className = "preview";
  box.id = "preview";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  // Inside the main landmark, so its content belongs to one.
  (document.querySelector("main") || document.body).appendChild(box);
  var current = null, hideTimer = 0, showTimer = 0;

  function place(a) {
    var r = a.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.width = width + "px";
    box.style.left = left + "px";
    box.style.top = (r.bottom + window.scrollY + 6) + "px";
    // Above the link when there is no room below it.
    var h = box.offsetHeight;
    if (r.bottom + h + 12 > window.innerHeight && r.top > h + 12) {
      box.style.top = (r.top + window.scrollY - h - 6) + "px";
    }
  }

  function show(a) {
    clearTimeout(hideTimer);
    if (current === a && !box.hidden) return;
    current = a;
    target(a).then(function (el) {
      if (current !== a || !el) return;
      var c = content(el);
      if (!c) return;
      box.textContent = "";
      box.appendChild(c);
      box.hidden = false;
      a.setAttribute("aria-describedby", "preview");
      place(a);
    });
  }

  function hide() {
    clearTimeout(showTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    box.hidden = true;
  }

  function later(fn, ms) { return setTimeout(fn, ms); }

  Array.prototype.forEach.call(links, function (a) {
    a.addEventListener("mouseenter", function () {
      clearTimeout(showTimer);
      showTimer = later(function () { show(a); }, 250);
    });
    a.addEventListener("mouseleave", function () {
      clearTimeout(showTimer);
      hideTimer = later(hide, 300);
    });
    a.addEventListener("focus", function () { show(a); });
    a.addEventListener("blur", function () { hideTimer = later(hide, 100); });
  });
  box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  box.addEventListener("mouseleave", function () { hideTimer = later(hide, 300); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !box.hidden) hide();
  });
  window.addEventListener("resize", function () { if (current && !box.hidden) place(current); });
})();
