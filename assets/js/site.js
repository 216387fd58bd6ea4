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
    fitNav();
    window.addEventListener("scroll", queueFit, { passive: true });
    window.addEventListener("resize", queueFit);
  }
  if (nav) {
    var here = nav.querySelector("[aria-current='page']");
    if (here && nav.scrollHeight > nav.clientHeight + 1) {
      nav.scrollTop = Math.max(0, here.offsetTop - nav.clientHeight / 3);
    }
  }

  // On phones, far down a long page, a button opens the contents.
  var toContents = document.querySelector(".to-contents");
  if (toContents && setOpen) {
    var far = function () {
      var long = document.documentElement.scrollHeight > window.innerHeight * 3;
      toContents.classList.toggle("is-shown", long && window.scrollY > window.innerHeight * 1.5);
    };
    window.addEventListener("scroll", far, { passive: true });
    far();
    toContents.querySelector("a").addEventListener("click", function (e) {
      e.preventDefault();
      setOpen(true);
      window.scrollTo(0, 0);
      var target = nav.querySelector("[aria-current='page']") || nav.querySelector("a");
      if (target) target.focus({ preventScroll: true });
    });
  }

  // Wide tables scroll sideways inside a box a keyboard can reach: the box
  // takes focus only while the table is wider than the page.
  var boxes = [];
  Array.prototype.forEach.call(document.querySelectorAll(".prose table"), function (table) {
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.setAttribute("role", "group");
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
  function fitTables() {
    boxes.forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
      box.hint.classList.toggle("is-shown", wide);
    });
  }
  if (boxes.length) {
    fitTables();
    window.addEventListener("resize", fitTables);
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
