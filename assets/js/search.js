// Search box: finds words and phrases anywhere in the report and links to
// the section they are in. The index (search-index.json, written by the
// build) is fetched the first time the box is used, never on page load.
// Without JavaScript the search box is not shown (class js-only): it cannot
// work without it.
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
  var form = document.getElementById("site-search");
  var input = document.getElementById("site-search-input");
  var panel = document.getElementById("site-search-results");
  var status = document.getElementById("site-search-status");
  var opener = document.querySelector(".search-toggle");
  if (!form || !input || !panel || !status || !window.fetch) return;

  var MAX_RESULTS = 20;
  var SNIPPET = 180; // characters of context shown around a match
  var base = root.getAttribute("data-base") || "/";
  var index = null; // {pages, sections} once loaded, each section folded
  var loading = null;

  // fold maps each UTF-16 unit to exactly one lower-case unit without
  // accents, and curly quotes and dashes to plain ones, so positions in the
  // folded text are positions in the original (for snippets and marks).
  var QUOTES = { "\u2018": "'", "\u2019": "'", "\u201C": '"', "\u201D": '"', "\u2013": "-", "\u2014": "-", "\u00A0": " " };
  function foldChar(c) {
    if (QUOTES[c]) return QUOTES[c];
    var d = c.normalize ? c.normalize("NFD").charAt(0) : c;
    var l = d.toLowerCase();
    return l.length === 1 ? l : c;
  }
  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      out += c < "\u0080" ? c.toLowerCase() : foldChar(c);
    }
    return out;
  }

  function load() {
    if (loading) return loading;
    status.textContent = say("search_loading", "Loading the search index…");
    loading = getJSON("search-index.json")
      .then(function (data) {
        if (data.v === 2) {
          // A large site's index comes in shards (see shard.go): this is
          // its manifest, and texts load by the query.
          sharded = data;
          data.keys = {};
          data.k.forEach(function (k) { data.keys[k] = true; });
          index = { pages: {}, sections: [] };
          status.textContent = "";
          return index;
        }
        data.sections.forEach(function (s, i) {
          s.i = i;
          foldSection(s, data.pages);
        });
        index = data;
        status.textContent = "";
        return data;
      })
      .catch(function () {
        loading = null;
        status.textContent = say("search_failed", "The search index could not be loaded. Try again when you are back online.");
      });
    return loading;
  }

  function getJSON(path) {
    return fetch(base + path, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  function foldSection(s, pages) {
    s.fx = fold(s.x);
    s.fh = fold(s.h || "");
    s.ft = fold(pages[s.p].t);
  }

  // Sharded index: the word shards and text chunks fetched so far.
  var sharded = null;
  var shards = {}, chunks = {};
  var MAX_CHUNKS = 12; // text chunks fetched for one query, about 60 KB each

  function shardKey(w) {
    var k = "";
    for (var i = 0; i < w.length && i < 2; i++) {
      var c = w.charAt(i);
      k += /[0-9a-z]/.test(c) ? c : "_" + w.codePointAt(i).toString(16);
      if (w.codePointAt(i) > 0xffff) i++;
    }
    return k;
  }

  function fetchShard(key) {
    if (!sharded.keys[key]) return Promise.resolve({});
    if (!shards[key]) shards[key] = getJSON("search/t/" + key + ".json");
    return shards[key];
  }

  function fetchChunk(n) {
    if (!chunks[n]) {
      chunks[n] = getJSON("search/c/" + n + ".json").then(function (c) {
        Object.keys(c.pages).forEach(function (p) { index.pages[p] = c.pages[p]; });
        c.sections.forEach(function (s, j) {
          s.i = c.f + j;
          foldSection(s, index.pages);
          index.sections[s.i] = s;
        });
        return c;
      });
    }
    return chunks[n];
  }

  // candidates finds the sections that hold every word of the query (or,
  // when each word is in too many sections to list, the first of them):
  // a word matches any word it starts, as in find.
  function candidates(words) {
    var pieces = [];
    words.forEach(function (w) {
      w.split(/[^0-9a-z\u00C0-\uFFFF]+/).forEach(function (p) {
        if (p.length >= 2 && pieces.indexOf(p) < 0) pieces.push(p);
      });
    });
    if (!pieces.length) return Promise.resolve({ ids: [], partial: false, short: true });
    return Promise.all(pieces.map(function (p) { return fetchShard(shardKey(p)); })).then(function (got) {
      var lists = pieces.map(function (p, i) {
        var shard = got[i], seen = {}, ids = [], capped = false;
        Object.keys(shard).forEach(function (w) {
          if (w === "~" || w.lastIndexOf(p, 0) !== 0) return;
          if (shard["~"] && shard["~"].indexOf(w) >= 0) capped = true;
          shard[w].forEach(function (id) { if (!seen[id]) { seen[id] = true; ids.push(id); } });
        });
        ids.sort(function (a, b) { return a - b; });
        return { ids: ids, capped: capped };
      });
      // Exact lists narrow the search; a capped one only when no word has
      // an exact list.
      var exact = lists.filter(function (l) { return !l.capped; });
      var use = exact.length ? exact : lists;
      use.sort(function (a, b) { return a.ids.length - b.ids.length; });
      var ids = use[0].ids;
      use.slice(1).forEach(function (l) {
        var set = {};
        l.ids.forEach(function (id) { set[id] = true; });
        ids = ids.filter(function (id) { return set[id]; });
      });
      return { ids: ids, partial: !exact.length };
    });
  }

  // search finds the hits for query, fetching what a sharded index needs.
  function search(query) {
    if (!sharded) return Promise.resolve({ hits: find(query, index.sections) });
    var words = terms(fold(query).replace(/["\u201C\u201D]/g, ""));
    return candidates(words).then(function (c) {
      var want = [];
      for (var i = 0; i < c.ids.length; i++) {
        var n = Math.floor(c.ids[i] / sharded.c);
        if (want.indexOf(n) < 0) {
          if (want.length === MAX_CHUNKS) { c.partial = true; break; }
          want.push(n);
        }
      }
      return Promise.all(want.map(fetchChunk)).then(function () {
        var secs = [];
        c.ids.forEach(function (id) { if (index.sections[id]) secs.push(index.sections[id]); });
        return { hits: find(query, secs), partial: c.partial, short: c.short };
      });
    });
  }

  // terms splits a folded query into words; a quoted query is one phrase.
  function terms(q) {
    return q.split(/[^0-9a-z\u00C0-\uFFFF'-]+/).filter(function (t) { return t.length > 0; });
  }

  function isWordStart(text, at) {
    return at === 0 || /[^0-9a-z\u00C0-\uFFFF]/.test(text.charAt(at - 1));
  }

  // count counts the places a word starts with term.
  function count(text, term) {
    var n = 0;
    for (var at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (isWordStart(text, at)) n++;
    }
    return n;
  }

  function find(query, sections) {
    var phrase = fold(query).replace(/["\u201C\u201D]/g, "").replace(/\s+/g, " ").trim();
    var words = terms(phrase);
    if (!words.length) return [];
    var hits = [];
    sections.forEach(function (s) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inText = count(s.fx, words[i]);
        var inHead = count(s.fh, words[i]) + count(s.ft, words[i]);
        if (!inText && !inHead) return; // every word must occur
        score += Math.min(inText, 10) + 5 * inHead;
      }
      var at = s.fx.indexOf(phrase);
      if (words.length > 1 && at >= 0) score += 50;
      if (s.fh.indexOf(phrase) >= 0 || s.ft.indexOf(phrase) >= 0) score += 30;
      if (at < 0) {
        at = -1;
        for (var j = 0; j < words.length && at < 0; j++) {
          for (var k = s.fx.indexOf(words[j]); k >= 0; k = s.fx.indexOf(words[j], k + 1)) {
            if (isWordStart(s.fx, k)) { at = k; break; }
          }
        }
      }
      hits.push({ s: s, score: score, at: at, len: at >= 0 && s.fx.indexOf(phrase) === at ? phrase.length : 0 });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.s.i - b.s.i; });
    return hits.map(function (h) { h.words = words; h.phrase = phrase; return h; });
  }

  // snippet cuts the paragraph around the match, on word boundaries.
  function snippet(s, at) {
    if (at < 0) at = 0;
    var lineStart = s.x.lastIndexOf("\n", at) + 1;
    var lineEnd = s.x.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = s.x.length;
    var from = Math.max(lineStart, at - SNIPPET / 3);
    var to = Math.min(lineEnd, from + SNIPPET);
    if (from > lineStart) { var sp = s.x.indexOf(" ", from); if (sp >= 0 && sp < at) from = sp + 1; }
    if (to < lineEnd) { var sp2 = s.x.lastIndexOf(" ", to); if (sp2 > at) to = sp2; }
    return { from: from, to: to, pre: from > lineStart, post: to < lineEnd };
  }

  // marked appends text[from:to] to el with every word that starts with a
  // query term wrapped in <mark>.
  function marked(el, s, cut, words) {
    var text = s.x, ftext = s.fx;
    var spans = [];
    words.forEach(function (w) {
      for (var k = ftext.indexOf(w, cut.from); k >= 0 && k < cut.to; k = ftext.indexOf(w, k + 1)) {
        if (isWordStart(ftext, k)) spans.push([k, Math.min(k + w.length, cut.to)]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    // Words of a phrase are marked as one.
    var merged = [];
    spans.forEach(function (sp) {
      var last = merged[merged.length - 1];
      if (last && sp[0] >= last[1] && /^\s+$/.test(text.slice(last[1], sp[0]))) last[1] = sp[1];
      else if (!last || sp[0] >= last[1]) merged.push(sp.slice());
    });
    spans = merged;
    var pos = cut.from;
    if (cut.pre) el.appendChild(document.createTextNode("…"));
    spans.forEach(function (sp) {
      if (sp[0] < pos) return;
      el.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(sp[0], sp[1]);
      el.appendChild(m);
      pos = sp[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos, cut.to)));
    if (cut.post) el.appendChild(document.createTextNode("…"));
  }

  // href links to the section and, where the browser supports text
  // fragments, scrolls to and highlights the matched words in it.
  function href(h) {
    var page = index.pages[h.s.p];
    var url = page.u + (h.s.a ? "#" + h.s.a : "");
    if (h.at >= 0 && document.fragmentDirective !== undefined) {
      // Text fragments match whole words: run on to the end of the word.
      var stop = h.at + (h.len || h.words[0].length);
      var rest = h.s.x.slice(stop).search(/[^0-9A-Za-z\u00C0-\uFFFF]/);
      stop = rest < 0 ? h.s.x.length : stop + rest;
      var words = h.s.x.slice(h.at, stop);
      url += (h.s.a ? "" : "#") + ":~:text=" + encodeURIComponent(words).replace(/-/g, "%2D");
    }
    return url;
  }

  var asked = 0; // the latest query, so a slower earlier one is not shown
  function render() {
    var q = input.value.trim();
    if (!q) { panel.textContent = ""; close(); status.textContent = ""; return; }
    if (!index) { load().then(function () { if (index) render(); }); return; }
    var mine = ++asked;
    search(q).then(function (r) {
      if (mine === asked) show(q, r);
    }, function () {
      if (mine === asked) status.textContent = say("search_failed", "The search index could not be loaded. Try again when you are back online.");
    });
  }

  function show(q, r) {
    var hits = r.hits;
    panel.textContent = "";
    panel.hidden = false;
    panel.setAttribute("data-query", q); // which query the results are for
    if (!hits.length) {
      status.textContent = say("search_none", "No results for “{query}”.", { query: q });
      var none = document.createElement("p");
      none.className = "search-results__none";
      none.textContent = r.short ? say("search_short", "Type at least two letters of a word.") :
        say("search_nothing", "Nothing in the report matches “{query}”. Try fewer or shorter words.", { query: q });
      panel.appendChild(none);
      return;
    }
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") +
      (r.partial ? " among the first places the words occur" : "") +
      (hits.length > MAX_RESULTS ? ", showing the first " + MAX_RESULTS : "") + ".";
    var list = document.createElement("ol");
    list.className = "search-results__list";
    hits.slice(0, MAX_RESULTS).forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(h);
      var title = document.createElement("span");
      title.className = "search-results__title";
      var page = index.pages[h.s.p].t;
      title.textContent = h.s.h ? page + " › " + h.s.h : page;
      a.appendChild(title);
      var snip = document.createElement("span");
      snip.className = "search-results__snippet";
      marked(snip, h.s, snippet(h.s, h.at), h.words);
      a.appendChild(snip);
      li.appendChild(a);
      list.appendChild(li);
    });
    panel.appendChild(list);
  }

  function close() {
    panel.hidden = true;
  }

  function open() {
    root.classList.add("search-open");
    if (opener) opener.setAttribute("aria-expanded", "true");
    input.focus();
    input.select();
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(render, 80);
  });
  input.addEventListener("focus", function () { load(); if (input.value.trim() && index) render(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = panel.querySelector("a");
    if (first) first.click(); else render();
  });

  // Arrow keys move between the box and the results; Escape closes.
  form.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
    var i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && links.length) {
      e.preventDefault();
      links[Math.min(i + 1, links.length - 1)].focus();
    } else if (e.key === "ArrowUp" && i >= 0) {
      e.preventDefault();
      if (i === 0) input.focus(); else links[i - 1].focus();
    } else if (e.key === "Escape") {
      if (!panel.hidden) { close(); input.focus(); }
      else if (root.classList.contains("search-open") && opener) {
        root.classList.remove("search-open");
        opener.setAttribute("aria-expanded", "false");
        opener.focus();
      }
    }
  });
  document.addEventListener("click", function (e) {
    if (!form.contains(e.target) && !panel.hidden) close();
  });
  // Tabbing out of the search box and its results closes them.
  form.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !form.contains(e.relatedTarget)) close();
  });

  // "/" anywhere but in a text field opens the search box.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    open();
  });

  if (opener) {
    opener.addEventListener("click", function () {
      var isOpen = root.classList.toggle("search-open");
      opener.setAttribute("aria-expanded", isOpen ? "true" : "false");
      if (isOpen) input.focus();
    });
  }
})();
