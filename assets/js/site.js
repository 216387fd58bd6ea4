// Progressive enhancements: the site reads fully without this script.
(function () {
  "use strict";
  var root = document.documentElement;

  // Theme toggle: follows the system until the reader chooses.
  function currentTheme() {
    var t = root.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  var toggle = document.querySelector(".theme-toggle");
  function sync() {
    if (!toggle) return;
    var dark = currentTheme() === "dark";
    toggle.setAttribute("aria-pressed", dark ? "true" : "false");
  }
  if (toggle) {
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("theme", next); } catch (e) {}
      sync();
      document.dispatchEvent(new CustomEvent("themechange", { detail: { theme: next } }));
    });
    if (window.matchMedia) {
      matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
        sync();
        document.dispatchEvent(new CustomEvent("themechange", { detail: { theme: currentTheme() } }));
      });
    }
  }

  // Contents drawer on narrow screens.
  var navToggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (navToggle && nav) {
    navToggle.hidden = false;
    root.classList.add("js-nav");
    navToggle.addEventListener("click", function () {
      var open = navToggle.getAttribute("aria-expanded") !== "true";
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    });
  }
})();
