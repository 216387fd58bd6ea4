// Package chromium finds and starts Debian's Chromium, for the browser
// tests and for printing the PDF edition, with the flags that keep it quiet
// on a machine whose network is closed: everything launches it the same
// way.
package chromium

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Require returns the browser's path. Without one it skips the test with
// the hint given (one line saying how to enable it); where CI is set, a
// missing browser fails the test instead, since CI must run them.
func Require(t testing.TB, hint string) string {
	t.Helper()
	if p, err := Find(os.Getenv("CHROME_PATH")); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but Chromium is missing: the browser tests must run in CI (apt-get install chromium)")
	}
	t.Skip(hint)
	return ""
}

// Find returns the path of the browser: preferred when it is given and
// found, else the first of Chromium's and Chrome's usual names on PATH.
func Find(preferred string) (string, error) {
	for _, name := range []string{preferred, "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if preferred != "" {
		return "", fmt.Errorf("browser %q not found", preferred)
	}
	return "", errors.New("no Chromium found (apt-get install chromium)")
}

// Options are the allocator options that start the browser at path
// headless, quiet and with its profile in userDataDir.
func Options(path, userDataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// Without these Chromium tries to reach Google's hosts at start.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(userDataDir),
	}
}

// Start launches the browser at path headless with a fresh profile and
// returns the context of its first tab; it is stopped when the test ends.
// extra adds options such as a window size.
func Start(t testing.TB, path string, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := Options(path, t.TempDir())
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}
