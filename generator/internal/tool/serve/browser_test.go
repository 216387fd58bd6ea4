package serve

import (
	"context"
	"fmt"
	"reportgen/generator/internal/tool/chromium"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// A page long enough to scroll, under the same Content-Security-Policy as
// the report's pages, so the injected script and the overlay's stylesheet
// must work without any inline script or style.
const cspPage = "<!doctype html><html><head><meta charset=\"utf-8\">" +
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'\">" +
	"<title>{{.Title}}</title></head>\n<body><main>{{.Content}}</main></body></html>\n"

func longIntro(first string) string {
	var b strings.Builder
	b.WriteString("---\ntitle: Introduction\ndescription: Why.\n---\n\n" + first + "\n\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "Paragraph %d of the introduction, long enough to need scrolling.\n\n", i)
	}
	return b.String()
}

// In a real browser: an edit shows without a manual reload and at the
// same scroll position, a broken file shows the overlay with file:line:col
// and the source, and the fix clears it, with no console errors (a CSP
// violation is one) along the way.
func TestBrowserReloadOverlayRecovery(t *testing.T) {
	chrome := chromium.Require(t, "browser test skipped: Chromium not found; install it (apt-get install chromium) to enable it")
	s := start(t, nil, "templates/page.html", cspPage, "content/01-intro.md", longIntro("First version."))

	ctx := chromium.Start(t, chrome, chromedp.WindowSize(1000, 700))
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	var mu sync.Mutex
	var consoleErrors []string
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				mu.Lock()
				consoleErrors = append(consoleErrors, fmt.Sprint(ev.Args))
				mu.Unlock()
			}
		case *runtime.EventExceptionThrown:
			mu.Lock()
			consoleErrors = append(consoleErrors, ev.ExceptionDetails.Text)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(s.url+"/intro/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the page to connect to the event stream", func() bool { return s.hub.count() == 1 })
	if y, err := evalJS[float64](ctx, `window.scrollTo(0, 900); window.scrollY`); err != nil || y != 900 {
		t.Fatalf("scrolling: %v %v", y, err)
	}

	// An edit: the page reloads by itself, where the reader was.
	writeFile(t, s.src, "content/01-intro.md", longIntro("Second version."))
	waitJS(t, ctx, "the edit to show", `document.body.innerText.includes("Second version.")`)
	waitJS(t, ctx, "the scroll position to be restored", `window.scrollY === 900`)

	// A broken file: the overlay names file:line:col and shows the line.
	writeFile(t, s.src, "content/01-intro.md", strings.Replace(longIntro("Third version."), "description: Why.", "description: [Why.", 1))
	waitJS(t, ctx, "the overlay", `!!document.getElementById("reportgen-build-errors")`)
	overlay, err := evalJS[string](ctx, `document.getElementById("reportgen-build-errors").innerText`)
	if err != nil {
		t.Fatal(err)
	}
	pre, err := evalJS[string](ctx, `document.querySelector(".rg-line--here").textContent`)
	if err != nil {
		t.Fatal(err)
	}
	bg, err := evalJS[string](ctx, `getComputedStyle(document.getElementById("reportgen-build-errors")).position`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Build failed", "content/01-intro.md:3:14", "front matter is not valid YAML", "close the list with ]"} {
		if !strings.Contains(overlay, want) {
			t.Errorf("overlay lacks %q:\n%s", want, overlay)
		}
	}
	if !strings.Contains(pre, "description: [Why.") {
		t.Errorf("the marked source line is %q", pre)
	}
	if bg != "fixed" {
		t.Errorf("the overlay's stylesheet did not apply (position %q): blocked by the page's CSP?", bg)
	}
	if stale, err := evalJS[bool](ctx, `document.body.innerText.includes("Second version.")`); err != nil || !stale {
		t.Errorf("the last good page is no longer shown under the overlay: %v", err)
	}

	// The fix: the overlay goes and the page shows the fixed text.
	writeFile(t, s.src, "content/01-intro.md", longIntro("Fourth version."))
	waitJS(t, ctx, "the fix to show", `document.body.innerText.includes("Fourth version.") && !document.getElementById("reportgen-build-errors")`)

	mu.Lock()
	defer mu.Unlock()
	if len(consoleErrors) > 0 {
		t.Errorf("console errors: %v", consoleErrors)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	waitFor(t, what, func() bool {
		// Errors while the page reloads are expected; the next poll sees
		// the new page.
		ok, _ := evalJS[bool](ctx, expr)
		return ok
	})
}

func evalJS[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}
