package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"reportgen/generator/internal/tool/bench"
	"reportgen/generator/internal/tool/bench/synth"
	"reportgen/generator/internal/tool/chromium"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

func TestBrowser(t *testing.T) {
	chrome := chromium.Require(t, enableHint)
	s := serve(t)
	browser := chromium.Start(t, chrome)
	t.Run("axe-core is there to check accessibility", func(t *testing.T) {
		if s.axe != "" {
			return
		}
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but node_modules/axe-core is missing: run npm ci --omit=dev")
		}
		t.Skip("accessibility checks skipped: node_modules/axe-core not found; run npm ci --omit=dev (make test does)")
	})

	// The two passes over every page run side by side, each in its own tab.
	t.Run("pages", func(t *testing.T) {
		t.Run("every page loads cleanly, accessibly, with its charts drawn", func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, browser, s.host)
			setColorScheme(t, tb, "light")
			charts := 0
			for _, u := range s.pages {
				charts += checkPage(t, s, tb, u)
			}
			if charts == 0 {
				t.Log("no [data-chart] containers on any page yet: nothing to draw")
			} else {
				t.Logf("%d charts drawn", charts)
			}
		})
		t.Run("narrow dark screens: no sideways scroll, one-row header, accessible", func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, browser, s.host)
			must(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile)))
			setColorScheme(t, tb, "dark")
			for _, u := range s.pages {
				checkNarrowDark(t, s, tb, u)
			}
		})
	})

	t.Run("the 404 page works under the sub-path", func(t *testing.T) {
		tb := newTab(t, browser, s.host)
		u := s.base + "no/such/page/"
		tb.notFound = u
		problems, err := tb.visit(u)
		must(t, err)
		for _, p := range problems {
			t.Errorf("%s: %s", u, p)
		}
		h1, err := eval[string](tb, `document.querySelector("h1").textContent`)
		must(t, err)
		css, err := eval[bool](tb, `getComputedStyle(document.querySelector(".site-header")).borderBottomStyle === "solid"`)
		must(t, err)
		if h1 != "Page not found" || !css {
			t.Errorf("404 page: h1 %q, styled %v", h1, css)
		}
		axeCheck(t, s, tb, u, "")
	})

	t.Run("the title page describes and cites the report", func(t *testing.T) {
		testDiscovery(t, s, newTab(t, browser, s.host))
	})

	t.Run("search finds a phrase from a findings page and lands on it", func(t *testing.T) {
		testSearch(t, s, newTab(t, browser, s.host))
	})

	t.Run("the theme toggle switches and is remembered across pages", func(t *testing.T) {
		testTheme(t, s, newTab(t, browser, s.host))
	})

	t.Run("the full report prints as a handout", func(t *testing.T) {
		testPrint(t, s, newTab(t, browser, s.host))
	})

	t.Run("the appendix table filters and sorts", func(t *testing.T) {
		testDataTable(t, s, newTab(t, browser, s.host))
	})

	t.Run("a chart page loads ECharts only when the reader needs it; a key pressed before then counts", func(t *testing.T) {
		testChartOnDemand(t, s, newTab(t, browser, s.host))
	})

	t.Run("the build's drawings keep each label clear of the others and of the legend's marks", func(t *testing.T) {
		testChartLabels(t, s, newTab(t, browser, s.host))
	})

	t.Run("citations and figure references preview their target", func(t *testing.T) {
		testPreviews(t, s, newTab(t, browser, s.host))
	})

	t.Run("the contents column keeps the current page and its end in view", func(t *testing.T) {
		testContentsColumn(t, s, newTab(t, browser, s.host))
	})

	t.Run("on phones the appendix table scrolls with its CE numbers and long pages lead back to the contents", func(t *testing.T) {
		testPhoneReading(t, s, newTab(t, browser, s.host))
	})
}

// testDataTable uses the Appendix's table as a reader would: the figures
// it expects are read from the printed appendix (7 chief executives trained
// in general practice, 2 marked under Dentistry, the youngest first
// appointed at 36, CE 20).
func testDataTable(t *testing.T, s *site, tb *tab) {
	_, err := tb.visit(s.base + "appendix/")
	must(t, err)
	visible := `[...document.querySelectorAll("[data-datatable] tbody tr")].filter(r => !r.hidden).length`
	all, err := eval[int](tb, visible)
	must(t, err)
	if all != 22 {
		t.Fatalf("the appendix table shows %d rows, want 22", all)
	}
	must(t, within(tb, 5*time.Second, chromedp.SendKeys("[data-filter-text]", "gp")))
	gp, err := eval[int](tb, visible)
	must(t, err)
	status, err := eval[string](tb, `document.querySelector(".datatable__status").textContent`)
	must(t, err)
	if gp != 7 || !strings.Contains(status, "Showing 7 of 22") {
		t.Errorf("filtering by \"gp\" shows %d rows, status %q; want 7", gp, status)
	}
	_, err = eval[bool](tb, `(() => { const i = document.querySelector("[data-filter-text]"); i.value = "";
		i.dispatchEvent(new Event("input")); const sel = document.querySelector("[data-filter-group]");
		sel.value = [...sel.options].find(o => o.textContent === "Dentistry").value;
		sel.dispatchEvent(new Event("change")); return true; })()`)
	must(t, err)
	dentists, err := eval[int](tb, visible)
	must(t, err)
	if dentists != 2 {
		t.Errorf("choosing Dentistry shows %d rows, want 2", dentists)
	}
	_, err = eval[bool](tb, `(() => { const sel = document.querySelector("[data-filter-group]"); sel.value = "";
		sel.dispatchEvent(new Event("change")); return true; })()`)
	must(t, err)
	_, err = eval[bool](tb, `(() => { [...document.querySelectorAll("th[data-column]")]
		.find(h => h.textContent.includes("Age at 1st")).querySelector("button").click(); return true; })()`)
	must(t, err)
	first, err := eval[string](tb, `(() => { const r = document.querySelector("[data-datatable] tbody tr");
		return r.cells[0].textContent + "/" + r.cells[r.cells.length - 1].textContent; })()`)
	must(t, err)
	sorted, err := eval[string](tb, `document.querySelector("th[aria-sort]") ? document.querySelector("th[aria-sort]").getAttribute("aria-sort") : ""`)
	must(t, err)
	if first != "20/36" || sorted != "ascending" {
		t.Errorf("after sorting by age the first row is CE/age %q (aria-sort %q); want 20/36, ascending", first, sorted)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func setColorScheme(t *testing.T, tb *tab, scheme string) {
	t.Helper()
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	must(t, err)
}

// pageFacts are what one script reads from a loaded page.
type pageFacts struct {
	Lang     string   `json:"lang"`
	H1       int      `json:"h1"`
	Main     int      `json:"main"`
	Skip     bool     `json:"skip"`
	Charts   []string `json:"charts"`
	Undrawn  []string `json:"undrawn"`
	Title    string   `json:"title"`
	Describe string   `json:"describe"`
}

// checkPage loads one page at desktop size and checks it; it returns the
// number of charts on the page.
func checkPage(t *testing.T, s *site, tb *tab, u string) int {
	t.Helper()
	must(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 900)))
	problems, err := tb.visit(u)
	must(t, err)
	// Charts may draw only when scrolled into view: bring each one in and
	// wait for a canvas or svg inside it.
	facts, err := eval[pageFacts](tb, `(async () => {
		const charts = [...document.querySelectorAll("[data-chart]")];
		const name = (el, i) => el.id || el.closest("figure")?.id || "chart " + (i + 1);
		// The chart script's own drawing, not the one made at build time.
		const drawn = el => el.classList.contains("is-drawn") && [...el.querySelectorAll(":scope > div canvas, :scope > div svg")].some(c => c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().height > 0);
		for (const el of charts) {
			el.scrollIntoView({block: "center"});
			for (let i = 0; i < 50 && !drawn(el); i++) await new Promise(r => setTimeout(r, 100));
		}
		window.scrollTo(0, 0);
		const skip = document.querySelector("a.skip-link");
		return {
			lang: document.documentElement.lang,
			h1: document.querySelectorAll("h1").length,
			main: document.querySelectorAll("main").length,
			skip: !!skip && !!document.getElementById(skip.getAttribute("href").slice(1)),
			charts: charts.map(name),
			undrawn: charts.filter(el => !drawn(el)).map(name),
			title: document.title,
			describe: document.querySelector('meta[name="description"]')?.content || "",
		};
	})()`)
	must(t, err)
	more, err := tb.settle() // requests made by charts while scrolling
	must(t, err)
	problems = append(problems, more[len(problems):]...)
	for _, p := range problems {
		t.Errorf("%s: %s", u, p)
	}
	if facts.Lang != "en-GB" {
		t.Errorf("%s: lang is %q, want en-GB", u, facts.Lang)
	}
	if facts.H1 != 1 || facts.Main != 1 {
		t.Errorf("%s: %d h1 and %d main elements, want one of each", u, facts.H1, facts.Main)
	}
	if !facts.Skip {
		t.Errorf("%s: no skip link to the main content", u)
	}
	if facts.Title == "" || facts.Describe == "" {
		t.Errorf("%s: title %q, description %q: both are needed", u, facts.Title, facts.Describe)
	}
	for _, c := range facts.Undrawn {
		t.Errorf("%s: chart %s did not draw (no canvas or svg inside after 5 s)", u, c)
	}
	axeCheck(t, s, tb, u, "")
	if len(facts.Charts) > 0 && s.chartPage == "" {
		s.chartPage = u
	}
	return len(facts.Charts)
}

// checkNarrowDark loads a page on a 320 px screen in the dark theme: the
// page must not scroll sideways, the header keeps to one row, and axe-core
// finds nothing wrong in this layout either (contrast of the dark theme,
// names of the icon-only buttons, the opened contents drawer).
func checkNarrowDark(t *testing.T, s *site, tb *tab, u string) {
	t.Helper()
	problems, err := tb.visit(u)
	must(t, err)
	for _, p := range problems {
		t.Errorf("%s (320 px, dark): %s", u, p)
	}
	type layout struct {
		Theme  string `json:"theme"`
		Scroll int    `json:"scroll"`
		Width  int    `json:"width"`
		Widest string `json:"widest"`
		Header int    `json:"header"`
		Opened bool   `json:"opened"`
		OneRow bool   `json:"oneRow"`
		Items  int    `json:"items"`
	}
	l, err := eval[layout](tb, `(() => {
		const w = document.documentElement.clientWidth;
		let widest = "";
		for (const el of document.querySelectorAll("body *")) {
			const r = el.getBoundingClientRect();
			if (r.right > w + 1 && getComputedStyle(el).position !== "absolute") { widest = el.tagName + "." + el.className; break; }
		}
		const toggle = document.querySelector(".nav-toggle");
		if (toggle && !toggle.hidden) toggle.click();
		// One row: every item of the header overlaps every other vertically.
		const rects = [...document.querySelectorAll(".site-header__inner > *")].map(b => b.getBoundingClientRect()).filter(r => r.width > 0);
		const oneRow = Math.max(...rects.map(r => r.top)) < Math.min(...rects.map(r => r.bottom));
		return {
			theme: document.documentElement.dataset.theme,
			scroll: document.documentElement.scrollWidth, width: w, widest,
			header: Math.round(document.querySelector(".site-header").getBoundingClientRect().height),
			opened: document.getElementById("site-nav").classList.contains("is-open"),
			oneRow, items: rects.length,
		};
	})()`)
	must(t, err)
	if l.Theme != "dark" {
		t.Errorf("%s: theme %q with a dark system preference", u, l.Theme)
	}
	if l.Scroll > l.Width {
		t.Errorf("%s: scrolls sideways at 320 px (%d px wide; first too-wide element %s)", u, l.Scroll, l.Widest)
	}
	if !l.OneRow || l.Items < 4 || l.Header > 72 {
		t.Errorf("%s: at 320 px the header's %d items are not in one row (%d px high); want contents, title, search and theme in one row", u, l.Items, l.Header)
	}
	if !l.Opened {
		t.Errorf("%s: the contents button did not open the contents", u)
	}
	axeCheck(t, s, tb, u, "")
}

// axeViolation is what the tests report of an axe-core violation.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs axe-core on the loaded page (only the rule named, when one
// is) and reports every violation. axe is evaluated through the DevTools
// protocol, which the page's script-src 'self' policy does not govern.
func axeCheck(t *testing.T, s *site, tb *tab, u, rule string) {
	t.Helper()
	if s.axe == "" {
		return
	}
	loaded, err := eval[bool](tb, `typeof axe === "object"`)
	must(t, err)
	if !loaded {
		if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](s.axe)); err != nil {
			t.Fatalf("loading axe-core: %v", err)
		}
	}
	// target-size (WCAG 2.2, 2.5.8, level AA) is off in axe by default.
	opts := `{rules: {"target-size": {enabled: true}}, resultTypes: ["violations"]}`
	if rule != "" {
		opts = fmt.Sprintf(`{runOnly: [%q], resultTypes: ["violations"]}`, rule)
	}
	raw, err := eval[string](tb, `axe.run(document, `+opts+`).then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\s+/g, " ")),
	}))))`)
	must(t, err)
	var vs []axeViolation
	must(t, json.Unmarshal([]byte(raw), &vs))
	for _, v := range vs {
		t.Errorf("%s: axe %s (%s): %s\n\t%s", u, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}

// findingsPage is the first page of the sitemap below /findings/.
func findingsPage(t *testing.T, s *site) string {
	for _, u := range s.pages {
		if rest, ok := strings.CutPrefix(u, s.base+"findings/"); ok && rest != "" {
			return u
		}
	}
	t.Fatal("the sitemap has no findings page")
	return ""
}

func testSearch(t *testing.T, s *site, tb *tab) {
	target := findingsPage(t, s)
	_, err := tb.visit(target)
	must(t, err)
	// A phrase of five plain words from the middle of the page's longest
	// paragraph: words a reader could remember.
	phrase, err := eval[string](tb, fivePlainWords)
	must(t, err)
	if phrase == "" {
		t.Fatalf("no five plain words in a row on %s", target)
	}
	searchAndLand(t, s, tb, phrase, target)
}

const fivePlainWords = `(() => {
		const ps = [...document.querySelectorAll(".prose > p")].map(p => p.textContent);
		ps.sort((a, b) => b.length - a.length);
		const words = ps[0].split(/\s+/);
		for (let i = Math.floor(words.length / 2); i + 5 < words.length; i++) {
			const w = words.slice(i, i + 5);
			if (w.every(x => /^[A-Za-z]+$/.test(x))) return w.join(" ");
		}
		return "";
	})()`

// searchAndLand searches for phrase from the title page, expects target
// among the results, follows it and expects to see the phrase.
func searchAndLand(t *testing.T, s *site, tb *tab, phrase, target string) {
	_, err := tb.visit(s.base)
	must(t, err)
	fetched, err := eval[bool](tb, `performance.getEntriesByType("resource").some(e => e.name.endsWith("/search-index.json"))`)
	must(t, err)
	if fetched {
		t.Error("the search index was fetched on page load; it should wait for the search box to be used")
	}
	// "/" focuses the search box; typing shows results.
	err = within(tb, 10*time.Second,
		pressSlash,
		chromedp.KeyEvent(phrase),
		// Results follow typing: wait for those of the whole phrase.
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(".search-results[data-query=%q] .search-results__list a", phrase))),
	)
	if err != nil {
		state, _ := eval[string](tb, `JSON.stringify({focus: document.activeElement.id, value: document.getElementById("site-search-input").value,
			query: document.querySelector(".search-results").dataset.query, status: document.getElementById("site-search-status").textContent})`)
		t.Fatalf("searching for %q: %v; search box: %s", phrase, err, state)
	}
	type result struct{ Href, Text string }
	results, err := eval[[]result](tb, `[...document.querySelectorAll(".search-results__list a")].map(a => ({href: a.href, text: a.textContent}))`)
	must(t, err)
	if len(results) == 0 {
		t.Fatalf("no results for %q", phrase)
	}
	// The phrase may also be quoted elsewhere (career paths quote the
	// report): the findings page must be among the results.
	hit := -1
	for i, r := range results {
		u, err := url.Parse(r.Href)
		must(t, err)
		if "http://"+u.Host+u.Path == target {
			hit = i
			break
		}
	}
	if hit < 0 {
		t.Fatalf("no result for %q on %s; results: %+v", phrase, target, results)
	}
	if !strings.Contains(strings.Join(strings.Fields(results[hit].Text), " "), phrase) {
		t.Errorf("the result's snippet does not show %q: %q", phrase, results[hit].Text)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	_, err = chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(".search-results__list > li:nth-child(%d) a", hit+1)))))
	must(t, err)
	type landing struct {
		Path    string `json:"path"`
		Hash    string `json:"hash"`
		Anchor  bool   `json:"anchor"`
		Visible bool   `json:"visible"`
	}
	var l landing
	for i := 0; i < 20; i++ { // the browser scrolls to the text after load
		l, err = eval[landing](tb, fmt.Sprintf(`(() => {
			const phrase = %q;
			const p = [...document.querySelectorAll(".prose p")].find(p => p.textContent.replace(/\s+/g, " ").includes(phrase));
			const r = p && p.getBoundingClientRect();
			const hash = decodeURIComponent(location.hash.slice(1));
			return {path: location.pathname, hash, anchor: !hash || !!document.getElementById(hash),
				visible: !!r && r.bottom > 0 && r.top < innerHeight};
		})()`, phrase))
		must(t, err)
		if l.Visible {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	want, _ := url.Parse(target)
	if l.Path != want.Path || !l.Anchor {
		t.Errorf("the result landed on %s#%s (anchor found: %v), want %s", l.Path, l.Hash, l.Anchor, want.Path)
	}
	if !l.Visible {
		t.Errorf("after following the result the paragraph with %q is not on screen", phrase)
	}
}

func testTheme(t *testing.T, s *site, tb *tab) {
	setColorScheme(t, tb, "light")
	_, err := tb.visit(s.base)
	must(t, err)
	_, err = eval[bool](tb, `localStorage.removeItem("theme"), true`)
	must(t, err)
	_, err = tb.visit(s.pages[len(s.pages)/2])
	must(t, err)
	type state struct {
		Theme   string `json:"theme"`
		Pressed string `json:"pressed"`
		Stored  string `json:"stored"`
		Bg      string `json:"bg"`
		Events  int    `json:"events"`
	}
	read := `({theme: document.documentElement.dataset.theme,
		pressed: document.querySelector(".theme-toggle").getAttribute("aria-pressed"),
		stored: localStorage.getItem("theme") || "",
		bg: getComputedStyle(document.body).backgroundColor,
		events: window.themeEvents || 0})`
	before, err := eval[state](tb, read)
	must(t, err)
	if before.Theme != "light" || before.Pressed != "false" || before.Stored != "" {
		t.Fatalf("with a light system and no choice: %+v", before)
	}
	_, err = eval[bool](tb, `document.addEventListener("themechange", e => { if (e.detail.theme === "dark") window.themeEvents = (window.themeEvents || 0) + 1; }), true`)
	must(t, err)
	must(t, within(tb, 5*time.Second, chromedp.Click(chromedp.CSS(".theme-toggle"))))
	after, err := eval[state](tb, read)
	must(t, err)
	if after.Theme != "dark" || after.Pressed != "true" || after.Stored != "dark" || after.Events != 1 || after.Bg == before.Bg {
		t.Errorf("after the toggle: %+v (before %+v); want dark, pressed, stored, one themechange event, a new background", after, before)
	}
	// Another page starts dark: theme.js runs in <head>, before the
	// stylesheet, so there is no flash of the light theme.
	_, err = tb.visit(s.base)
	must(t, err)
	next, err := eval[state](tb, read)
	must(t, err)
	if next.Theme != "dark" || next.Pressed != "true" || next.Bg != after.Bg {
		t.Errorf("on the next page: %+v; want the dark theme kept", next)
	}
	order, err := eval[string](tb, `[...document.head.querySelectorAll("script[src], link[rel=stylesheet]")].map(e =>
		(e.src || e.href).includes("/theme.") ? (e.defer || e.async ? "theme-deferred" : "theme") : e.tagName === "LINK" ? "css" : "").filter(Boolean).join(",")`)
	must(t, err)
	if !strings.HasPrefix(order, "theme,css") {
		t.Errorf("head order is %q: theme.js must run, undeferred, before the stylesheet", order)
	}
	// Charts redraw in the new theme.
	if s.chartPage == "" {
		t.Log("no chart on any page: nothing to re-theme")
	} else {
		_, err = tb.visit(s.chartPage)
		must(t, err)
		// Scrolling fetches ECharts and draws the chart; wait for that.
		drawing := `(async () => {
			const c = document.querySelector("[data-chart]");
			c.scrollIntoView();
			for (let i = 0; i < 50 && !c.classList.contains("is-drawn"); i++) await new Promise(r => setTimeout(r, 100));
			await new Promise(r => setTimeout(r, 400));
			return c.innerHTML;
		})()`
		dark, err := eval[string](tb, drawing)
		must(t, err)
		must(t, within(tb, 5*time.Second, chromedp.Click(chromedp.CSS(".theme-toggle"))))
		light, err := eval[string](tb, drawing)
		must(t, err)
		if dark == light {
			t.Errorf("%s: the first chart looks the same after the theme changed", s.chartPage)
		}
		must(t, within(tb, 5*time.Second, chromedp.Click(chromedp.CSS(".theme-toggle"))))
	}
	// Back to light, remembered too.
	must(t, within(tb, 5*time.Second, chromedp.Click(chromedp.CSS(".theme-toggle"))))
	_, err = tb.visit(s.pages[0])
	must(t, err)
	last, err := eval[state](tb, read)
	must(t, err)
	if last.Theme != "light" || last.Stored != "light" {
		t.Errorf("after switching back: %+v; want light, remembered", last)
	}
}

// fullReport is the address of the site's one-page report; a site
// without one skips the test, saying so.
func (s *site) fullReport(t *testing.T) string {
	t.Helper()
	for _, u := range s.pages {
		if strings.Contains(u, "full-report") {
			return u
		}
	}
	t.Skip("the site has no full-report page")
	return ""
}

func testPrint(t *testing.T, s *site, tb *tab) {
	full := s.fullReport(t)
	_, err := tb.visit(full)
	must(t, err)
	_, err = chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	must(t, err)
	defer func() {
		_, _ = chromedp.Call(context.WithoutCancel(tb.ctx), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	}()
	type printFacts struct {
		Shown     []string `json:"shown"`
		Chapters  int      `json:"chapters"`
		Breaks    int      `json:"breaks"`
		CoverCut  string   `json:"coverCut"`
		External  int      `json:"external"`
		URLsShown int      `json:"urlsShown"`
		URLText   int      `json:"urlText"`
		Repeated  int      `json:"repeated"`
		Figures   int      `json:"figures"`
		Unbroken  int      `json:"unbroken"`
		Charts    int      `json:"charts"`
		Narrow    []string `json:"narrow"`
	}
	f, err := eval[printFacts](tb, `(() => {
		const visible = sel => [...document.querySelectorAll(sel)].filter(e => getComputedStyle(e).display !== "none").map(() => sel);
		const chapters = [...document.querySelectorAll(".report-chapter.lvl2")];
		const ext = [...document.querySelectorAll(".prose a[href^='http']")];
		const figs = [...document.querySelectorAll(".prose figure")];
		return {
			shown: [".site-header", ".site-nav", "#site-search", ".pager", ".skip-link", ".outline"].flatMap(visible),
			chapters: chapters.length,
			breaks: chapters.filter(c => getComputedStyle(c).breakBefore === "page").length,
			coverCut: getComputedStyle(document.querySelector(".report-cover")).breakAfter,
			external: ext.filter(a => !a.classList.contains("is-url-text")).length,
			urlsShown: ext.filter(a => !a.classList.contains("is-url-text") && getComputedStyle(a, "::after").content.includes("http")).length,
			urlText: ext.filter(a => a.classList.contains("is-url-text")).length,
			repeated: ext.filter(a => a.classList.contains("is-url-text") && getComputedStyle(a, "::after").content.includes("http")).length,
			figures: figs.length,
			unbroken: figs.filter(f => getComputedStyle(f).breakInside === "avoid").length,
			// Each chart prints the build's wide drawing across the whole
			// text width, whole: as tall as its proportions ask, so
			// nothing is cut off.
			charts: document.querySelectorAll(".chart__canvas").length,
			narrow: [...document.querySelectorAll(".chart__canvas")].flatMap(c => {
				const shown = [...c.querySelectorAll(":scope > svg")].filter(e => getComputedStyle(e).display !== "none");
				const text = c.closest(".prose").getBoundingClientRect().width;
				const id = c.closest("figure").id;
				if (shown.length !== 1 || !shown[0].classList.contains("chart__static--wide")) return [id + ": " + shown.length + " drawings shown"];
				const r = shown[0].getBoundingClientRect(), vb = shown[0].viewBox.baseVal;
				if (r.width < text - 1) return [id + ": " + Math.round(r.width) + " px of " + Math.round(text)];
				if (Math.abs(r.height - r.width * vb.height / vb.width) > 2 || c.getBoundingClientRect().height < r.height - 1) return [id + ": cut to " + Math.round(c.getBoundingClientRect().height) + " px"];
				return [];
			}),
		};
	})()`)
	must(t, err)
	if len(f.Shown) > 0 {
		t.Errorf("printed with navigation or search: %v", f.Shown)
	}
	if f.Chapters == 0 || f.Breaks != f.Chapters {
		t.Errorf("%d of %d chapters start on a new page", f.Breaks, f.Chapters)
	}
	if f.CoverCut != "page" {
		t.Errorf("the title page is not a page of its own (break-after: %s)", f.CoverCut)
	}
	if f.URLsShown != f.External {
		t.Errorf("%d of %d external links print their address", f.URLsShown, f.External)
	}
	// A link whose text is its address prints it once, not twice.
	if f.Repeated > 0 || f.External+f.URLText == 0 {
		t.Errorf("%d of %d links whose text is their address print it again (of %d external links)", f.Repeated, f.URLText, f.External+f.URLText)
	}
	if f.Unbroken != f.Figures {
		t.Errorf("%d of %d figures may split across pages", f.Figures-f.Unbroken, f.Figures)
	}
	if f.Charts == 0 || len(f.Narrow) > 0 {
		t.Errorf("of %d charts, these do not print whole across the text width: %v", f.Charts, f.Narrow)
	}
	// Printed: a title page, a contents page and every chapter on pages of
	// its own make at least chapters + 2 pages.
	pdf, err := chromedp.Run(tb.ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	must(t, err)
	if pages := len(pdfPage.FindAll(pdf, -1)); pages < f.Chapters+2 {
		t.Errorf("the printed report has %d pages; %d chapters need at least %d", pages, f.Chapters, f.Chapters+2)
	}
}

// testDiscovery reads the title page's metadata as a crawler would, and
// fetches what it points to.
func testDiscovery(t *testing.T, s *site, tb *tab) {
	_, err := tb.visit(s.base)
	must(t, err)
	type facts struct {
		LD        map[string]any      `json:"ld"`
		Canonical string              `json:"canonical"`
		Meta      map[string][]string `json:"meta"`
		Fetched   map[string]string   `json:"fetched"`
	}
	f, err := eval[facts](tb, `(async () => {
		const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent);
		const meta = {};
		for (const m of document.querySelectorAll('meta[name^="citation_"]')) (meta[m.name] ||= []).push(m.content);
		const fetched = {};
		const urls = [...document.querySelectorAll('.cite-box a[download]')].map(a => a.href);
		urls.push((meta.citation_fulltext_html_url || [""])[0]);
		for (const u of urls) {
			const r = await fetch(u);
			fetched[u] = r.status + " " + (await r.text()).slice(0, 40);
		}
		return {ld, meta, fetched, canonical: document.querySelector('link[rel=canonical]')?.href || ""};
	})()`)
	must(t, err)
	if f.Canonical != s.base {
		t.Errorf("canonical link %q, want %q", f.Canonical, s.base)
	}
	types, _ := f.LD["@type"].([]any)
	authors, _ := f.LD["author"].([]any)
	isbn, _ := f.LD["isbn"].(string)
	if len(types) == 0 || types[0] != "Report" || isbn == "" || f.LD["datePublished"] == nil ||
		f.LD["inLanguage"] != "en-GB" || len(authors) == 0 || f.LD["publisher"] == nil {
		t.Errorf("schema.org JSON-LD lacks Report, ISBN, date, language, authors or publisher: %v", f.LD)
	}
	for _, name := range []string{"citation_title", "citation_author", "citation_publication_date", "citation_publisher", "citation_isbn", "citation_fulltext_html_url", "citation_language"} {
		if len(f.Meta[name]) == 0 {
			t.Errorf("no %s meta tag", name)
		}
	}
	if len(f.Meta["citation_author"]) != len(authors) {
		t.Errorf("%d citation_author tags for %d authors", len(f.Meta["citation_author"]), len(authors))
	}
	if d := f.Meta["citation_publication_date"]; len(d) > 0 && !regexp.MustCompile(`^\d{4}(/\d{2}(/\d{2})?)?$`).MatchString(d[0]) {
		t.Errorf("citation_publication_date %q is not YYYY/MM/DD", d[0])
	}
	wantStart := map[string]string{".bib": "200 @techreport{", ".ris": "200 TY  - RPRT", "/full-report/": "200 <!doctype html>"}
	if len(f.Fetched) != 3 {
		t.Errorf("want BibTeX, RIS and full-text links, got %v", f.Fetched)
	}
	for u, got := range f.Fetched {
		for suffix, want := range wantStart {
			if strings.HasSuffix(u, suffix) && !strings.HasPrefix(got, want) {
				t.Errorf("%s answered %q, want it to start %q", u, got, want)
			}
		}
	}
}

// pressSlash presses "/" as a keyboard does: one keyDown carrying the
// text, so a page that handles the key can cancel the typing.
var pressSlash = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
		if typ == input.DispatchKeyEventTypeKeyDown {
			p.Text = "/"
		}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
			return err
		}
	}
	return nil
})

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// A site too large for one search index gets a sharded one: search
// still finds a phrase near the start of the site and one on a page far
// into it, downloading a bounded part of the index.
func TestBrowserShardedSearch(t *testing.T) {
	chrome := chromium.Require(t, enableHint)
	root := repoRoot(t)
	ours, _, err := bench.SyntheticSites(t.TempDir(), "", synth.Generate(1500), os.DirFS(root))
	must(t, err)
	s := serveSrc(t, ours)
	manifest, err := os.ReadFile(filepath.Join(s.out, "search-index.json"))
	must(t, err)
	if !strings.HasPrefix(string(manifest), `{"v":2,`) {
		t.Fatalf("a site of 1,500 pages got an unsharded index: %.100s", manifest)
	}
	browser := chromium.Start(t, chrome)
	for _, c := range []struct {
		page   int
		phrase string // a script finding the phrase on the page
	}{
		{40, fivePlainWords},
		{1400, `document.querySelector(".prose > p").textContent.match(/follows on from page \d+/)[0]`},
	} {
		tb := newTab(t, browser, s.host)
		target := s.base + strings.TrimPrefix(synth.PageURL(c.page), "/")
		_, err := tb.visit(target)
		must(t, err)
		phrase, err := eval[string](tb, c.phrase)
		must(t, err)
		searchAndLand(t, s, tb, phrase, target)
		_, err = tb.visit(s.base)
		must(t, err)
		// The results of the search above were fetched on the previous
		// page; search again here and count what this one downloads.
		err = within(tb, 10*time.Second, pressSlash, chromedp.KeyEvent(phrase),
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(".search-results[data-query=%q] .search-results__list a", phrase))))
		must(t, err)
		bytes, err := eval[float64](tb, `performance.getEntriesByType("resource").filter(e => /search/.test(e.name)).reduce((n, e) => n + e.decodedBodySize, 0)`)
		must(t, err)
		total := dirSize(t, filepath.Join(s.out, "search"))
		t.Logf("searching for %q downloaded %.0f KB of a %.0f KB index", phrase, bytes/1e3, float64(total)/1e3)
		if bytes > 2e6 || bytes > float64(total)/4 {
			t.Errorf("searching for %q downloaded %.0f KB of a %.0f KB index", phrase, bytes/1e3, float64(total)/1e3)
		}
	}
}

func dirSize(t *testing.T, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			n += fi.Size()
		}
		return err
	})
	must(t, err)
	return n
}

// testChartOnDemand loads a chart page and does nothing: the build's
// drawing stands and ECharts is not fetched. Then it presses the right
// arrow on the first chart at once, before ECharts has arrived: the chart
// is drawn, and that key press shows and says its first item.
func testChartOnDemand(t *testing.T, s *site, tb *tab) {
	must(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 900)))
	chartPage := s.chartPage
	for _, u := range s.pages {
		if chartPage != "" {
			break
		}
		_, err := tb.visit(u)
		must(t, err)
		if n, err := eval[int](tb, `document.querySelectorAll("[data-chart]").length`); err == nil && n > 0 {
			chartPage = u
		}
	}
	if chartPage == "" {
		t.Skip("no chart on any page: nothing to load")
	}
	problems, err := tb.visit(chartPage)
	must(t, err)
	for _, p := range problems {
		t.Errorf("%s: %s", chartPage, p)
	}
	type state struct {
		Library bool   `json:"library"`
		Drawn   int    `json:"drawn"`
		Static  bool   `json:"static"`
		Said    string `json:"said"`
		Tip     bool   `json:"tip"`
	}
	read := `(() => {
		const c = document.querySelector("[data-chart]");
		const live = c.nextElementSibling;
		const st = [...c.querySelectorAll(":scope > svg.chart__static")].some(e => e.getBoundingClientRect().width > 0);
		const tip = [...c.querySelectorAll(":scope > div")].some(e => !e.querySelector("svg") && e.textContent.trim() !== "" && getComputedStyle(e).display !== "none" && getComputedStyle(e).opacity !== "0");
		return {
			library: !!window.echarts || [...document.scripts].some(e => /echarts/.test(e.src)),
			drawn: document.querySelectorAll("[data-chart].is-drawn").length,
			static: st, said: live && live.getAttribute("aria-live") ? live.textContent : "", tip,
		};
	})()`
	time.Sleep(time.Second)
	before, err := eval[state](tb, read)
	must(t, err)
	if before.Library || before.Drawn != 0 || !before.Static {
		t.Errorf("%s before any input: %+v; want no ECharts, nothing redrawn, the build's drawing shown", chartPage, before)
	}
	_, err = eval[bool](tb, `(document.querySelector("[data-chart]").focus({preventScroll: true}), true)`)
	must(t, err)
	must(t, within(tb, 5*time.Second, chromedp.KeyEvent(kb.ArrowRight)))
	// ECharts shows a tooltip a moment after it is asked to.
	waitFor(t, tb, "the first chart to be drawn, to say its first item and show its tooltip", `(() => {
		const s = `+read+`;
		return s.drawn > 0 && / \(1 of \d+\)$/.test(s.said) && s.tip;
	})()`)
	after, err := eval[state](tb, read)
	must(t, err)
	if !after.Library || after.Drawn < 1 || after.Static || !after.Tip {
		t.Errorf("%s after a key on the first chart: %+v; want ECharts, the chart drawn over the build's drawing, a tooltip shown", chartPage, after)
	}
}
