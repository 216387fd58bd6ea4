// Sorting and filtering for the data tables the datatable extension wrote.
// The table is complete without this script; it only adds controls: a
// button in each column heading to sort by it, a text filter, and a choice
// for each group of flag columns ("Region: North").
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
  var tables = document.querySelectorAll("[data-datatable]");
  for (var i = 0; i < tables.length; i++) enhance(tables[i]);

  function enhance(box) {
    var table = box.querySelector("table");
    var tbody = table && table.tBodies[0];
    if (!tbody) return;
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.forEach(function (r, i) { r.setAttribute("data-index", i); });
    var heads = Array.prototype.slice.call(table.querySelectorAll("th[data-column]"));
    var numeric = { integer: true, number: true, boolean: true };

    function cellOf(row, col) { return row.cells[col]; }

    // What the text filter searches: the values, and the names of the
    // flags a row has.
    rows.forEach(function (r) {
      var words = [];
      heads.forEach(function (h) {
        var c = cellOf(r, +h.getAttribute("data-column"));
        if (!c) return;
        if (h.getAttribute("data-type") === "boolean") {
          if (c.getAttribute("data-sort") === "1") words.push(h.textContent);
        } else {
          words.push(c.textContent);
        }
      });
      r.setAttribute("data-text", words.join(" ").toLowerCase());
    });

    // Sorting.
    var state = { col: -1, dir: 1 };
    heads.forEach(function (h) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "datatable__sort";
      while (h.firstChild) b.appendChild(h.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "datatable__arrow";
      arrow.setAttribute("aria-hidden", "true");
      b.appendChild(arrow);
      h.appendChild(b);
      b.addEventListener("click", function () { sortBy(h); });
    });

    function sortBy(h) {
      var col = +h.getAttribute("data-column");
      state.dir = state.col === col ? -state.dir : 1;
      state.col = col;
      var num = numeric[h.getAttribute("data-type")];
      var sorted = rows.slice().sort(function (a, b) {
        var x = cellOf(a, col).getAttribute("data-sort"), y = cellOf(b, col).getAttribute("data-sort");
        // Missing values go last whichever way the column is sorted.
        if (x === "" || y === "") {
          if (x === y) return a.getAttribute("data-index") - b.getAttribute("data-index");
          return x === "" ? 1 : -1;
        }
        var d = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return d * state.dir || a.getAttribute("data-index") - b.getAttribute("data-index");
      });
      sorted.forEach(function (r) { tbody.appendChild(r); });
      heads.forEach(function (o) {
        if (o === h) o.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
        else o.removeAttribute("aria-sort");
      });
      announce(state.dir > 0 ? say("sorted_ascending", "Sorted by {column}, ascending.", { column: h.textContent.trim() })
        : say("sorted_descending", "Sorted by {column}, descending.", { column: h.textContent.trim() }));
    }

    // Filtering: the controls are in the page already (hidden without
    // JavaScript), so the table does not move when this script runs.
    var text = box.querySelector("[data-filter-text]");
    var status = box.querySelector(".datatable__status");
    if (!text || !status) return;
    var groups = {};
    box.querySelectorAll("[data-filter-group]").forEach(function (sel) {
      groups[sel.getAttribute("data-filter-group")] = sel;
      sel.addEventListener("change", filter);
    });
    text.addEventListener("input", filter);

    function filter() {
      var q = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r) {
        var ok = q.every(function (w) { return r.getAttribute("data-text").indexOf(w) >= 0; });
        Object.keys(groups).forEach(function (g) {
          var col = groups[g].value;
          if (ok && col !== "") ok = cellOf(r, +col).getAttribute("data-sort") === "1";
        });
        r.hidden = !ok;
        if (ok) shown++;
      });
      announce(say("rows_shown", "Showing {shown} of {total} rows.", { shown: shown, total: rows.length }));
    }

    function announce(msg) { status.textContent = msg; }
  }
})();
