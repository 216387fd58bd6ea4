// Progressive enhancements: the site reads fully without this script.
(function () {
  "use strict";
  // The words shown, in the site's language (site-strings in the page).
  var siteWords = {};
  try { siteWords = JSON.parse(document.getElementById("site-strings").textContent); } catch (e) {}
  function say(key, fallback, vars) {
    var s = siteWords[key] || fallback;
    Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
    return s;
  }
  var root = document.documentElement;

  // Theme: follows the system until the reader chooses with the toggle;
  // the choice is remembered (theme.js applies it before the first paint).
  // Every change is announced with a "themechange" event on document,
  // detail.theme being "light" or "dark", so charts can redraw.
  var media = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
  function stored() {
    try { return localStorage.getItem("theme"); } catch (e) { return null; }
  }
  function current() {
    return root.getAttribute("data-theme") === "dark" ? "dark" : "light";
  }
  function apply(theme) {
    if (root.getAttribute("data-theme") === theme) return;
    root.setAttribute("data-theme", theme);
    sync();
    document.dispatchEvent(new CustomEvent("themechange", { detail: { theme: theme } }));
  }
  var toggle = document.querySelector(".theme-toggle");
  function sync() {
    if (toggle) toggle.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }
  if (toggle) {
    sync();
    toggle.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      try { localStorage.setItem("theme", next); } catch (e) { /* not remembered */ }
      apply(next);
    });
  }
  if (media && media.addEventListener) {
    media.addEventListener("change", function (e) {
      var s = stored();
      if (s !== "dark" && s !== "light") apply(e.matches ? "dark" : "light");
    });
  }

  // Printing always uses the light theme, charts included.
  var beforePrint = null;
  window.addEventListener("beforeprint", function () {
    beforePrint = current();
    apply("light");
  });
  window.addEventListener("afterprint", function () {
    if (beforePrint) apply(beforePrint);
    beforePrint = null;
  });

  // Contents drawer on narrow screens.
  var navToggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  var setOpen = null;
  if (navToggle && nav) {
    setOpen = function (open) {
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    };
    navToggle.addEventListener("click", function () {
      setOpen(navToggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && nav.classList.contains("is-open")) {
        setOpen(false);
        navToggle.focus();
      }
    });
  }

  // The contents column on wide screens scrolls on its own when it is
  // longer than the window. It ends at the window's bottom edge wherever
  // it starts (below the header at first, at the top once scrolled), so
  // its last entry can always be scrolled to; and it starts with the
  // current page in view.
  // Nothing here reads a size while the script starts: a read then makes
  // the browser lay out the whole page inside this script's task (on the
  // one-page full report, 2,900 elements, that task took 250 ms in a
  // Chromium trace without slowdown). Sizes are read in an animation
  // frame, where one layout serves the read and the paint alike.
  var wide = window.matchMedia ? matchMedia("(min-width: 60rem)") : null;
  if (nav && wide) {
    var pending = false;
    var fitNav = function () {
      pending = false;
      if (!wide.matches) { nav.style.maxHeight = ""; return; }
      nav.style.maxHeight = Math.max(160, window.innerHeight - Math.max(0, nav.getBoundingClientRect().top)) + "px";
    };
    var queueFit = function () {
      if (!pending) { pending = true; requestAnimationFrame(fitNav); }
    };
    if (wide.matches) {
      requestAnimationFrame(function () {
        fitNav();
        var here = nav.querySelector("[aria-current='page']");
        if (here && nav.scrollHeight > nav.clientHeight + 1) {
          nav.scrollTop = Math.max(0, here.offsetTop - nav.clientHeight / 3);
        }
      });
    }
    window.addEventListener("scroll", queueFit, { passive: true });
    window.addEventListener("resize", queueFit);
  }

  // On phones, far down a long page, a button opens the contents.
  var toContents = document.querySelector(".to-contents");
  if (toContents && setOpen) {
    // Hidden at the top of a page, so only scrolling can show it: the
    // page's height is read in the frame after a scroll, not at start.
    var farPending = false;
    var far = function () {
      farPending = false;
      var long = document.documentElement.scrollHeight > window.innerHeight * 3;
      toContents.classList.toggle("is-shown", long && window.scrollY > window.innerHeight * 1.5);
    };
    window.addEventListener("scroll", function () {
      if (!farPending) { farPending = true; requestAnimationFrame(far); }
    }, { passive: true });
    toContents.querySelector("a").addEventListener("click", function (e) {
      e.preventDefault();
      setOpen(true);
      window.scrollTo(0, 0);
      var target = nav.querySelector("[aria-current='page']") || nav.querySelector("a");
      if (target) target.focus({ preventScroll: true });
    });
  }

  // Wide tables scroll sideways inside a box a keyboard can reach: the box
  // takes focus only while the table is wider than the page. The widths
  // are read when the browser has laid the box out (a ResizeObserver),
  // never by asking for them: on the full report most tables are in
  // chapters the browser has not laid out yet, and asking would make it.
  // Until a box is measured it keeps its place in the tab order.
  var boxes = [];
  Array.prototype.forEach.call(document.querySelectorAll(".prose table"), function (table) {
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.setAttribute("role", "group");
    box.setAttribute("tabindex", "0");
    var caption = table.querySelector("caption");
    box.setAttribute("aria-label", (caption ? caption.textContent.trim() + ", " : "") + "table, scrolls sideways");
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    // Said aloud by the box's label; shown only while the table is wider
    // than the page.
    var hint = document.createElement("p");
    hint.className = "table-scroll__hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = say("table_scrolls", "Scroll sideways for more columns \u2192");
    box.parentNode.insertBefore(hint, box);
    box.hint = hint;
    boxes.push(box);
  });
  function fitTables(list) {
    // All reads, then all writes: a write between two reads would make
    // the browser lay the page out again for the second.
    var wide = list.map(function (box) { return box.scrollWidth > box.clientWidth + 1; });
    list.forEach(function (box, i) {
      if (wide[i]) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
      box.hint.classList.toggle("is-shown", wide[i]);
    });
  }
  if (boxes.length && window.ResizeObserver) {
    var sized = new ResizeObserver(function (entries) {
      var list = [];
      entries.forEach(function (e) {
        var box = e.target.hint ? e.target : e.target.parentNode;
        if (e.contentRect.width > 0 && list.indexOf(box) < 0) list.push(box);
      });
      fitTables(list);
    });
    // The box changes width with the page, the table with its content
    // (the data table's filter hides rows).
    boxes.forEach(function (box) { sized.observe(box); sized.observe(box.firstChild); });
  }

  // A link whose text is its own address ("www.example.org/page") needs
  // no address written after it on paper.
  function bare(u) { return u.replace(/^[a-z]+:\/\//i, "").replace(/^www\./i, "").replace(/\/$/, "").toLowerCase(); }
  Array.prototype.forEach.call(document.querySelectorAll(".prose a[href^='http']"), function (a) {
    if (bare(a.textContent.trim()) === bare(a.getAttribute("href"))) a.classList.add("is-url-text");
  });

  // Print button on the full report.
  Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // Copy buttons for the ready-made references.
  if (navigator.clipboard && window.isSecureContext) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (el) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "copy-button";
      b.textContent = say("copy", "Copy");
      var label = el.previousElementSibling ? el.previousElementSibling.textContent : "reference";
      b.setAttribute("aria-label", say("copy_label", "Copy the {label} reference", { label: label }));
      var done = document.createElement("span");
      done.className = "copy-status";
      done.setAttribute("role", "status");
      b.addEventListener("click", function () {
        navigator.clipboard.writeText(el.textContent.trim()).then(function () {
          done.textContent = say("copied", "Copied");
          setTimeout(function () { done.textContent = ""; }, 2500);
        }, function () {
          done.textContent = say("copy_failed", "Could not copy: select the text instead");
        });
      });
      el.insertAdjacentElement("afterend", b);
      b.insertAdjacentElement("afterend", done);
    });
  }
})();
