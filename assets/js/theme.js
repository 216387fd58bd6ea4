// Runs in <head> before the page is painted, so a reader who chose a theme
// never sees a flash of the other one. The choice is kept in localStorage.
(function () {
  try {
    var t = localStorage.getItem("theme");
    if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
  } catch (e) { /* storage disabled: follow the system */ }
})();
