package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// pressEscape presses Escape as a keyboard does.
var pressEscape = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: "Escape", Code: "Escape", WindowsVirtualKeyCode: 27, NativeVirtualKeyCode: 27}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
			return err
		}
	}
	return nil
})

// waitFor polls a script until it returns true.
func waitFor(t *testing.T, tb *tab, what, script string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; {
		ok, err := eval[bool](tb, script)
		must(t, err)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 5 s for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// testPreviews focuses a citation and a figure reference and expects a
// box beside each holding the reference's text or the figure's caption,
// tied to the link for screen readers, closed by Escape and clean for
// axe-core, in the light and the dark theme.
func testPreviews(t *testing.T, s *site, tb *tab) {
	_, err := chromedp.Call(tb.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	must(t, err)
	must(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 800)))
	cases := []struct{ name, page, link, want string }{
		// The reference as the References page prints it.
		{"citation", "background/", ".prose a.cite[href*='#ref-']",
			`(async () => { const a = document.querySelector(".prose a.cite[href*='#ref-']");
			const doc = new DOMParser().parseFromString(await (await fetch(a.href)).text(), "text/html");
			return doc.getElementById(decodeURIComponent(new URL(a.href).hash.slice(1))).querySelector(".ref-text").textContent; })()`},
		// The figure's caption, which starts with the link's own words.
		{"figure reference", "appendix/", ".prose a.xref[href*='fig-']",
			`document.querySelector(".prose a.xref[href*='fig-']").textContent + ":"`},
	}
	for _, scheme := range []string{"light", "dark"} {
		setColorScheme(t, tb, scheme)
		for _, c := range cases {
			u := s.base + c.page
			problems, err := tb.visit(u)
			must(t, err)
			for _, p := range problems {
				t.Errorf("%s: %s", u, p)
			}
			want, err := eval[string](tb, c.want)
			must(t, err)
			_, err = eval[bool](tb, `(() => { const a = document.querySelector("`+c.link+`"); a.scrollIntoView({block: "center"}); a.focus(); return true; })()`)
			must(t, err)
			waitFor(t, tb, c.name+" preview on "+u, `!document.getElementById("preview").hidden`)
			got, err := eval[[]string](tb, `(() => { const a = document.activeElement, b = document.getElementById("preview");
				const r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
				return [b.textContent.replace(/\s+/g, " ").trim(), a.getAttribute("aria-describedby") || "",
					String(Math.abs(q.top - r.bottom) < 40 || Math.abs(r.top - q.bottom) < 40), String(q.left >= 0 && q.right <= innerWidth)]; })()`)
			must(t, err)
			want = strings.Join(strings.Fields(want), " ")
			if !strings.HasPrefix(got[0], want) {
				t.Errorf("%s (%s): the %s preview says %q, want it to start %q", u, scheme, c.name, got[0], want)
			}
			if got[1] != "preview" {
				t.Errorf("%s: the focused %s is not described by its preview (aria-describedby %q)", u, c.name, got[1])
			}
			if got[2] != "true" || got[3] != "true" {
				t.Errorf("%s: the %s preview is not beside its link inside the window (near %s, inside %s)", u, c.name, got[2], got[3])
			}
			axeCheck(t, s, tb, u+" ("+c.name+" preview, "+scheme+")", "")
			must(t, chromedp.Do(tb.ctx, pressEscape))
			waitFor(t, tb, "Escape to close the preview", `document.getElementById("preview").hidden`)
		}
	}
}

// testContentsColumn opens the last page of the longest section in a
// short window: the contents column shows the current page, ends inside
// the window, and can be scrolled to its last entry.
func testContentsColumn(t *testing.T, s *site, tb *tab) {
	must(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 600)))
	u := ""
	for _, p := range s.pages {
		if strings.Contains(p, "/findings/") {
			u = p // the last of the section's pages
		}
	}
	if u == "" {
		t.Fatal("no findings page in the sitemap")
	}
	for _, scroll := range []string{"0", "document.documentElement.scrollHeight"} {
		_, err := tb.visit(u)
		must(t, err)
		_, err = eval[bool](tb, `(() => { scrollTo(0, `+scroll+`); return true; })()`)
		must(t, err)
		time.Sleep(200 * time.Millisecond)
		f, err := eval[[]float64](tb, `(() => { const nav = document.getElementById("site-nav"), n = nav.getBoundingClientRect();
			const cur = nav.querySelector("[aria-current='page']").getBoundingClientRect();
			nav.scrollTop = nav.scrollHeight; const last = [...nav.querySelectorAll("a")].pop().getBoundingClientRect();
			return [n.top, n.bottom, innerHeight, cur.top, cur.bottom, last.bottom, nav.scrollHeight - nav.clientHeight]; })()`)
		must(t, err)
		top, bottom, height, curTop, curBottom, last, overflow := f[0], f[1], f[2], f[3], f[4], f[5], f[6]
		if overflow <= 0 {
			t.Fatalf("%s: the contents fit a 600 px window; the test needs a longer list", u)
		}
		if curTop < top || curBottom > bottom {
			t.Errorf("%s (scrolled to %s): the current page's entry (%.0f–%.0f) is outside the contents column (%.0f–%.0f)", u, scroll, curTop, curBottom, top, bottom)
		}
		if bottom > height+1 || last > height+1 {
			t.Errorf("%s (scrolled to %s): the contents column ends at %.0f and its last entry at %.0f, below the window (%.0f)", u, scroll, bottom, last, height)
		}
	}
}

// testPhoneReading checks what a phone reader needs: the Appendix table
// says it scrolls and keeps its CE numbers in view while it does, and far
// down a long chapter a button opens the contents.
func testPhoneReading(t *testing.T, s *site, tb *tab) {
	_, err := chromedp.Call(tb.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	must(t, err)
	must(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
	_, err = tb.visit(s.base + "appendix/")
	must(t, err)
	f, err := eval[[]float64](tb, `(() => { const box = document.querySelector("[data-datatable] .table-scroll");
		const hint = box.previousElementSibling;
		const shown = hint && hint.classList.contains("table-scroll__hint") && getComputedStyle(hint).display !== "none" ? 1 : 0;
		box.scrollLeft = 250;
		const th = box.querySelector("tbody th").getBoundingClientRect(), b = box.getBoundingClientRect();
		return [shown, box.scrollLeft, th.left - b.left, box.scrollWidth - box.clientWidth]; })()`)
	must(t, err)
	if f[3] <= 0 {
		t.Fatal("the Appendix table fits a 390 px phone; nothing to scroll")
	}
	if f[0] != 1 {
		t.Error("the Appendix table is wider than a phone but no hint says it scrolls")
	}
	if f[1] == 0 || f[2] < -1 || f[2] > 1 {
		t.Errorf("scrolled %.0f px sideways, the CE number column is %.0f px from the table's edge; want it to stay at 0", f[1], f[2])
	}

	u := ""
	for _, p := range s.pages {
		if strings.Contains(p, "becoming-a-chief-executive") {
			u = p
		}
	}
	if u == "" {
		t.Fatal("no long chapter found")
	}
	_, err = tb.visit(u)
	must(t, err)
	shown := `getComputedStyle(document.querySelector(".to-contents")).display !== "none"`
	if at, err := eval[bool](tb, shown); err != nil || at {
		t.Errorf("at the top of %s the contents button shows already (%v)", u, err)
	}
	_, err = eval[bool](tb, `(() => { scrollTo(0, document.documentElement.scrollHeight / 2); return true; })()`)
	must(t, err)
	waitFor(t, tb, "the contents button far down "+u, shown)
	axeCheck(t, s, tb, u+" (contents button shown)", "")
	_, err = eval[bool](tb, `(() => { document.querySelector(".to-contents__link").click(); return true; })()`)
	must(t, err)
	got, err := eval[[]string](tb, `[document.querySelector(".nav-toggle").getAttribute("aria-expanded"),
		document.activeElement.getAttribute("aria-current") || "", String(document.getElementById("site-nav").getBoundingClientRect().top < innerHeight)]`)
	must(t, err)
	if got[0] != "true" || got[1] != "page" || got[2] != "true" {
		t.Errorf("the contents button: drawer open %s, focus on the current page's entry %q, contents in view %s", got[0], got[1], got[2])
	}
}

// testChartLabels looks at the drawings made at build time, as the page
// sets them (its own font, wider than the one the drawing was laid out
// for if the widths the build used are short), on the full report, which
// has every chart, at a phone's and a desktop's width: no label may cover
// another, or a small mark such as a legend's symbol.
func testChartLabels(t *testing.T, s *site, tb *tab) {
	full := s.fullReport(t)
	for _, w := range []int64{390, 1280} {
		must(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(w, 900)))
		_, err := tb.visit(full)
		must(t, err)
		got, err := eval[[]string](tb, `(() => {
			const out = [], hit = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
			let n = 0;
			for (const svg of document.querySelectorAll("svg.chart__static")) {
				if (getComputedStyle(svg).display === "none") continue;
				n++;
				const id = svg.closest("figure").id, at = svg.getBoundingClientRect();
				const texts = [...svg.querySelectorAll("text")].map(e => ({ s: e.textContent, r: e.getBoundingClientRect() }));
				const marks = [...svg.querySelectorAll("path")].filter(e => (e.getAttribute("fill") || "none") !== "none")
					.map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.width <= 30 && r.height <= 30);
				texts.forEach((a, i) => {
					texts.slice(i + 1).forEach(b => { if (hit(a.r, b.r)) out.push(id + ": " + JSON.stringify(a.s) + " covers " + JSON.stringify(b.s)); });
					marks.forEach(m => { if (hit(a.r, m)) out.push(id + ": " + JSON.stringify(a.s) + " covers the mark at " + Math.round(m.left - at.left) + "," + Math.round(m.top - at.top)); });
				});
			}
			if (n === 0) out.push("no drawing made at build time is shown");
			return out;
		})()`)
		must(t, err)
		for _, g := range got {
			t.Errorf("%d px wide: %s", w, g)
		}
	}
}
