// Runs in <head> before the page is painted, so a reader never sees a flash
// of the wrong theme. The reader's choice is kept in localStorage; without
// one the system's preference applies. data-theme on <html> always names
// the theme in use ("light" or "dark"): charts and diagrams read it, and
// listen for the "themechange" event site.js dispatches on document.
(function () {
  var t = null;
  try { t = localStorage.getItem("theme"); } catch (e) { /* storage disabled */ }
  if (t !== "dark" && t !== "light") {
    t = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  var root = document.documentElement;
  root.setAttribute("data-theme", t);
  // Controls that need JavaScript (class js-only) show from the first
  // paint, so the page does not shift when site.js arrives.
  root.classList.add("js");
})();
