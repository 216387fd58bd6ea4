package main

import (
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"reportgen/generator/internal/input/siteconfig"
)

// builtPages reads every HTML page of a built site, by its slash path
// below the output root, parsed.
func builtPages(t *testing.T, out string) map[string]*html.Node {
	t.Helper()
	pages := map[string]*html.Node{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := html.Parse(f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		pages[filepath.ToSlash(rel)] = doc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("the build wrote no HTML pages")
	}
	return pages
}

func eachElement(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		eachElement(c, fn)
	}
}

func attrOf(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// sha384 is the Subresource Integrity value of a file.
func sha384(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// The rules the Content-Security-Policy enforces in the browser hold in the
// HTML itself, on every page, with and without a sub-path: a page that
// broke one would lose its scripts or styles silently.
func TestEveryPageKeepsTheSecurityRules(t *testing.T) {
	cfg, l := siteconfig.Load(os.DirFS(".."), "content/site.yaml")
	if l.HasErrors(false) {
		t.Fatal(l)
	}
	for _, base := range []string{"", "https://example.org/reports/medical-ce/"} {
		out := buildReport(t, base)
		// The site's own host, where canonical and Open Graph URLs point.
		ownHost := ""
		for _, b := range []string{base, cfg.BaseURL} {
			if u, err := url.Parse(b); err == nil && u.Host != "" {
				ownHost = u.Host
				break
			}
		}
		basePath := "/"
		if u, err := url.Parse(base); err == nil && u.Path != "" {
			basePath = u.Path
		}
		for name, doc := range builtPages(t, out) {
			for _, problem := range securityProblems(out, basePath, ownHost, name, doc) {
				t.Error(problem)
			}
		}
	}
}

var dataScriptTypes = map[string]bool{"application/json": true, "application/ld+json": true}

// securityProblems lists how a page breaks the rules.
func securityProblems(out, basePath, ownHost, name string, doc *html.Node) []string {
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	subresources := 0
	eachElement(doc, func(n *html.Node) {
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				errorf("%s: <%s %s=…>: inline event handlers are blocked by the CSP; attach them from a script", name, n.Data, a.Key)
			}
			if a.Key == "style" {
				errorf("%s: <%s style=%q>: inline styles are blocked by the CSP; use a class", name, n.Data, a.Val)
			}
			if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				errorf("%s: <%s %s=%q>: javascript: URLs are inline scripts", name, n.Data, a.Key, a.Val)
			}
		}
		switch n.Data {
		case "style":
			errorf("%s: a <style> element: inline styles are blocked by the CSP", name)
		case "script":
			src, hasSrc := attrOf(n, "src")
			if !hasSrc {
				typ, _ := attrOf(n, "type")
				if !dataScriptTypes[strings.ToLower(typ)] {
					errorf("%s: an inline <script type=%q>: only JSON data may be inline", name, typ)
				}
				return
			}
			subresources++
			checkSubresource(errorf, out, basePath, name, n, src, "integrity")
			// Scripts the chart script fetches on demand are held to
			// the same rules, their integrity named beside them.
			for _, key := range onDemandScripts {
				if lib, ok := attrOf(n, key); ok {
					checkSubresource(errorf, out, basePath, name, n, lib, key+"-integrity")
				}
			}
		case "link":
			href, _ := attrOf(n, "href")
			rel, _ := attrOf(n, "rel")
			switch strings.ToLower(rel) {
			case "stylesheet", "preload", "modulepreload":
				subresources++
				checkSubresource(errorf, out, basePath, name, n, href, "integrity")
			default: // canonical, icon, alternate: the site's own host only
				checkSameSite(errorf, ownHost, name, n, href)
			}
		case "img", "source", "iframe", "embed", "object", "audio", "video":
			for _, key := range []string{"src", "srcset", "data"} {
				if v, ok := attrOf(n, key); ok && !strings.HasPrefix(v, "data:") {
					checkSameSite(errorf, ownHost, name, n, v)
				}
			}
		}
	})
	if subresources == 0 {
		errorf("%s: no scripts or stylesheets found: the page is not what this test expects", name)
	}
	return problems
}

// checkSameSite fails a URL that points at another host.
func checkSameSite(errorf func(string, ...any), ownHost, page string, n *html.Node, raw string) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		errorf("%s: <%s> has an invalid URL %q", page, n.Data, raw)
		return
	}
	if u.Host != "" && !strings.EqualFold(u.Host, ownHost) {
		errorf("%s: <%s> loads %q from another host", page, n.Data, raw)
	}
}

// onDemandScripts are the attributes of the chart script that name the
// scripts it fetches when a chart is first used.
var onDemandScripts = []string{"data-echarts", "data-chart-theme"}

// checkSubresource holds a script or stylesheet to the site's own files,
// with an integrity attribute (named integrityKey) that matches the
// file's bytes.
func checkSubresource(errorf func(string, ...any), out, basePath, page string, n *html.Node, raw, integrityKey string) {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		errorf("%s: <%s> has an invalid URL %q", page, n.Data, raw)
		return
	}
	if u.Host != "" || u.Scheme != "" {
		errorf("%s: <%s> loads %q by absolute URL; the site's own files are loaded by path", page, n.Data, raw)
		return
	}
	if !strings.HasPrefix(u.Path, basePath) {
		errorf("%s: <%s> loads %q from outside the site's base path %s", page, n.Data, raw, basePath)
		return
	}
	file := filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(u.Path, basePath)))
	data, err := os.ReadFile(file)
	if err != nil {
		errorf("%s: <%s> loads %q, which the build did not write", page, n.Data, raw)
		return
	}
	integrity, ok := attrOf(n, integrityKey)
	if !ok {
		errorf("%s: <%s> loads %q without an %s attribute", page, n.Data, raw, integrityKey)
		return
	}
	if want := sha384(data); integrity != want {
		errorf("%s: <%s> loads %q with integrity %s, but the file's is %s", page, n.Data, raw, integrity, want)
	}
	// A fingerprinted name is what makes the long cache rule in _headers
	// safe: a changed file must get a new URL.
	if !fingerprinted.MatchString(path.Base(u.Path)) {
		errorf("%s: <%s> loads %q, whose name carries no content hash", page, n.Data, raw)
	}
}

var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js|mjs)$`)

// The chart library is large: only pages that draw a chart may load it
// (with the page or on demand), and every page that draws one must.
func TestChartLibraryOnlyOnChartPages(t *testing.T) {
	out := buildReport(t, "")
	charts, plain := 0, 0
	for name, doc := range builtPages(t, out) {
		loadsECharts, hasChart := false, false
		eachElement(doc, func(n *html.Node) {
			if n.Data != "script" {
				return
			}
			if src, _ := attrOf(n, "src"); strings.Contains(src, "/vendor/echarts/") {
				loadsECharts = true
			}
			// The chart script fetches ECharts when a chart is first used.
			if lib, _ := attrOf(n, "data-echarts"); strings.Contains(lib, "/vendor/echarts/") {
				loadsECharts = true
			}
			if id, _ := attrOf(n, "id"); strings.HasSuffix(id, "-option") {
				hasChart = true // a chart's ECharts option, as JSON data
			}
		})
		switch {
		case hasChart && !loadsECharts:
			t.Errorf("%s draws a chart but does not load ECharts", name)
		case loadsECharts && !hasChart:
			t.Errorf("%s loads ECharts but draws no chart", name)
		case hasChart:
			charts++
		default:
			plain++
		}
	}
	if charts == 0 || plain == 0 {
		t.Errorf("%d chart pages and %d pages without charts: expected both", charts, plain)
	}
}

// _headers repeats the page's Content-Security-Policy and adds what only a
// header can say; the long cache it gives to css/, js/ and vendor/ is safe
// only while every stylesheet and script there has a hashed name.
func TestHeadersFile(t *testing.T) {
	out := buildReport(t, "")
	raw, err := os.ReadFile(filepath.Join(out, "_headers"))
	if err != nil {
		t.Fatalf("the build has no _headers file: %v", err)
	}
	rules := parseHeaders(t, string(raw))
	all := rules["/*"]
	head, err := os.ReadFile("../templates/partials/head.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]+)"`).FindSubmatch(head)
	if m == nil {
		t.Fatal("templates/partials/head.html has no Content-Security-Policy meta tag")
	}
	if want := string(m[1]) + "; frame-ancestors 'none'"; all["Content-Security-Policy"] != want {
		t.Errorf("_headers CSP is\n  %s\nwant the meta tag's policy plus frame-ancestors:\n  %s", all["Content-Security-Policy"], want)
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*;", "http:", "https:"} {
		if strings.Contains(all["Content-Security-Policy"], bad) {
			t.Errorf("the CSP allows %q", bad)
		}
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if all[name] != want {
			t.Errorf("/* %s is %q, want %q", name, all[name], want)
		}
	}
	if !strings.Contains(all["Permissions-Policy"], "camera=()") {
		t.Errorf("/* Permissions-Policy %q does not turn features off", all["Permissions-Policy"])
	}
	if _, ok := all["Cache-Control"]; ok {
		t.Error("/* sets Cache-Control: Cloudflare Pages would join it with the assets' rule")
	}
	for _, dir := range []string{"css", "js", "vendor"} {
		if got := rules["/"+dir+"/*"]["Cache-Control"]; got != "public, max-age=31536000, immutable" {
			t.Errorf("/%s/* Cache-Control is %q, want a year, immutable", dir, got)
		}
		_ = filepath.WalkDir(filepath.Join(out, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := path.Ext(p); (ext == ".css" || ext == ".js" || ext == ".mjs") && !fingerprinted.MatchString(d.Name()) {
				t.Errorf("%s is cached for a year but its name carries no content hash", p)
			}
			return nil
		})
	}
}

// parseHeaders reads the _headers format: a path on its own line, then
// indented "Name: value" lines.
func parseHeaders(t *testing.T, src string) map[string]map[string]string {
	t.Helper()
	rules := map[string]map[string]string{}
	var cur map[string]string
	for i, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t"):
			cur = map[string]string{}
			rules[trimmed] = cur
		default:
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok || cur == nil {
				t.Fatalf("_headers:%d: %q is neither a path nor a header", i+1, line)
			}
			cur[strings.TrimSpace(name)] = strings.TrimSpace(value)
		}
	}
	return rules
}

// The rules above must be able to fail: a page breaking each of them is
// caught, and a clean one is not.
func TestSecurityRulesCatchViolations(t *testing.T) {
	out := t.TempDir()
	css := []byte("body{color:red}")
	if err := os.MkdirAll(filepath.Join(out, "css"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "css", "a.0123456789.css"), css, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "css", "plain.css"), css, 0o644); err != nil {
		t.Fatal(err)
	}
	good := `<link rel="stylesheet" href="/css/a.0123456789.css" integrity="` + sha384(css) + `">`
	parse := func(s string) *html.Node {
		doc, err := html.Parse(strings.NewReader("<!doctype html><html><head>" + s + "</head><body></body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	if p := securityProblems(out, "/", "example.org", "good.html", parse(good+
		`<script type="application/json">{}</script><script type="application/ld+json">{}</script>`+
		`<link rel="canonical" href="https://example.org/x/"><img src="data:image/png;base64,AA==">`)); len(p) > 0 {
		t.Errorf("a clean page was faulted: %v", p)
	}
	for want, page := range map[string]string{
		"inline <script":            good + `<script>alert(1)</script>`,
		"inline event handlers":     good + `<a href="/" onclick="x()">x</a>`,
		"inline styles":             good + `<p style="color:red">x</p>`,
		"a <style> element":         good + `<style>p{}</style>`,
		"javascript: URLs":          good + `<a href="javascript:alert(1)">x</a>`,
		"without an integrity":      `<link rel="stylesheet" href="/css/a.0123456789.css">`,
		"but the file's is":         `<link rel="stylesheet" href="/css/a.0123456789.css" integrity="sha384-AAAA">`,
		"did not write":             `<script src="/js/missing.0123456789.js" integrity="sha384-AAAA"></script>`,
		"by absolute URL":           `<script src="https://cdn.example.com/x.js" integrity="sha384-AAAA"></script>`,
		"from another host":         good + `<img src="https://tracker.example.com/p.gif">`,
		"carries no content hash":   `<link rel="stylesheet" href="/css/plain.css" integrity="` + sha384(css) + `">`,
		"no scripts or stylesheets": `<title>x</title>`,
	} {
		problems := securityProblems(out, "/", "example.org", "bad.html", parse(page))
		if !strings.Contains(strings.Join(problems, "\n"), want) {
			t.Errorf("%s: want a problem mentioning %q, got %v", page, want, problems)
		}
	}
	if p := securityProblems(out, "/reports/", "", "sub.html", parse(good)); !strings.Contains(strings.Join(p, "\n"), "outside the site's base path") {
		t.Errorf("a stylesheet outside the base path was not caught: %v", p)
	}
}
