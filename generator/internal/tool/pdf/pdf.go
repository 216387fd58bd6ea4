// Package pdf prints a built site's full-report page to the PDF edition
// with headless Chromium: bookmarks from the headings, a contents page
// whose page numbers are read back from the printed file, running heads
// naming the chapter, and the document information set.
package pdf

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"reportgen/generator/internal/tool/chromium"
	"reportgen/generator/internal/tool/pdf/pdffile"
)

// Options say what to print.
type Options struct {
	// Browser is the path of Chromium.
	Browser string
	// Site is the built site's directory; BasePath the path it was built
	// for ("/" or "/reports/annual/"), under which it is served.
	Site, BasePath string
	// Page is the full report's path below BasePath ("full-report/").
	Page string
	// PublicBase is the absolute URL the site is published at. Links from
	// the report to other pages of the site point there; without it they
	// are printed as plain text, since the address they were printed from
	// is gone when the file is read.
	PublicBase string
	// Addr is where the site is served while it prints; "127.0.0.1:0"
	// picks a free port.
	Addr string
	// Info is the document information written into the file.
	Info pdffile.Info
	// Timeout bounds the whole print (default two minutes).
	Timeout time.Duration
}

// Result is the printed edition.
type Result struct {
	PDF []byte
	// Pages is the number of pages; Passes how many prints it took for
	// the contents page's numbers to settle.
	Pages, Passes int
	// Chapters are the report's chapters as the contents page lists them,
	// with the page each starts on.
	Chapters []Chapter
	Outline  []pdffile.OutlineItem
}

// Chapter is an entry of the contents page.
type Chapter struct {
	ID, Title string
	Page      int
}

// maxPasses bounds the prints: the second print normally confirms the
// numbers of the first (numbers of one to three digits do not change how
// the contents page breaks).
const maxPasses = 4

// Print serves the site on loopback, waits until it answers with the full
// report, and prints it.
func Print(opts Options) (*Result, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Minute
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	base := opts.BasePath
	if base == "" {
		base = "/"
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("cannot serve the site for printing on %s: %v", opts.Addr, err)
	}
	srv := &http.Server{Handler: siteHandler(opts.Site, base), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String() + base + strings.TrimPrefix(opts.Page, "/")

	ctx, cancel := context.WithTimeout(context.Background(), opts.Timeout)
	defer cancel()
	if err := waitFor(ctx, url); err != nil {
		return nil, err
	}

	profile, err := os.MkdirTemp("", "reportgen-pdf-profile-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	aopts := append(chromium.Options(opts.Browser, profile),
		// Charts drawn without animation, so the print catches them
		// finished.
		chromedp.Flag("force-prefers-reduced-motion", true),
		// A window a little wider than A4's text block (210 mm less two
		// 18 mm margins: 658 CSS px), so charts, drawn for paper at the
		// width of their box on screen, are drawn as wide as the paper
		// takes.
		chromedp.WindowSize(720, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, aopts...)
	defer cancelAlloc()
	tctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()

	// The running heads are a style sheet added for the print; the site's
	// policy admits only its own files.
	if _, err := chromedp.Call(tctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		return nil, fmt.Errorf("starting %s: %v", opts.Browser, err)
	}
	if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}},
	}); err != nil {
		return nil, err
	}
	resp, err := chromedp.Run(tctx, chromedp.NavigateResponse(url))
	if err != nil {
		return nil, fmt.Errorf("loading %s: %v", url, err)
	}
	if resp == nil || resp.Status != http.StatusOK {
		return nil, fmt.Errorf("%s did not load as the full report", url)
	}
	args, _ := json.Marshal(map[string]string{"title": opts.Info.Title, "publicBase": opts.PublicBase, "base": base})
	prep, err := chromedp.Run(tctx, chromedp.Evaluate[struct {
		Chapters []Chapter
		Headings []string
	}](printScript+".prepare("+string(args)+")", chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("preparing %s for print: %v", url, err)
	}
	chapters := prep.Chapters
	headings := map[string]string{}
	for _, h := range prep.Headings {
		headings[squeeze(h)] = h
	}
	if len(chapters) == 0 {
		return nil, fmt.Errorf("%s is not the full report: it has no chapters in its contents (is full_report set in site.yaml?)", url)
	}

	res := &Result{}
	var pages map[string]int
	for pass := 1; ; pass++ {
		if pass > 1 {
			arg, _ := json.Marshal(pages)
			if _, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](printScript+".number("+string(arg)+")")); err != nil {
				return nil, fmt.Errorf("numbering the contents: %v", err)
			}
		}
		data, err := printPDF(tctx)
		if err != nil {
			return nil, fmt.Errorf("printing %s: %v", url, err)
		}
		f, err := pdffile.Read(data)
		if err != nil {
			return nil, fmt.Errorf("reading the printed PDF: %v", err)
		}
		dests := f.Dests()
		settled := pass > 1
		for i := range chapters {
			n := dests[chapters[i].ID]
			if n == 0 {
				return nil, fmt.Errorf("the printed PDF has no page for chapter %q (#%s)", chapters[i].Title, chapters[i].ID)
			}
			if n != chapters[i].Page {
				settled = false
			}
			chapters[i].Page = n
		}
		res.Passes = pass
		if settled {
			res.PDF = f.Update(opts.Info, func(t string) string {
				if h, ok := headings[squeeze(t)]; ok {
					return h
				}
				return t
			})
			if f, err = pdffile.Read(res.PDF); err != nil {
				return nil, fmt.Errorf("reading the PDF after setting its information: %v", err)
			}
			res.Pages = f.Pages()
			res.Outline = f.Outline()
			res.Chapters = chapters
			break
		}
		if pass == maxPasses {
			return nil, fmt.Errorf("the contents page's numbers did not settle after %d prints", maxPasses)
		}
		pages = map[string]int{}
		for _, c := range chapters {
			pages[c.ID] = c.Page
		}
	}
	if err := checkOutline(res); err != nil {
		return nil, err
	}
	return res, nil
}

// checkOutline makes sure every chapter is a bookmark pointing at its page.
func checkOutline(res *Result) error {
	if len(res.Outline) == 0 {
		return errors.New("the printed PDF has no bookmarks; Chromium may be too old to write them (version 125 or later is needed)")
	}
	have := map[string]int{}
	for _, o := range res.Outline {
		have[normalize(o.Title)] = o.Page
	}
	for _, c := range res.Chapters {
		if p, ok := have[normalize(c.Title)]; !ok {
			return fmt.Errorf("the PDF's bookmarks lack chapter %q", c.Title)
		} else if p != c.Page {
			return fmt.Errorf("the bookmark of chapter %q points at page %d, the chapter starts on page %d", c.Title, p, c.Page)
		}
	}
	return nil
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// squeeze drops all white space, to match a heading with its bookmark.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

func printPDF(ctx context.Context) ([]byte, error) {
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{
		PreferCSSPageSize:       &yes,
		PrintBackground:         &yes,
		GenerateTaggedPDF:       &yes,
		GenerateDocumentOutline: &yes,
	})
	return res.Data, err
}

// waitFor asks for url until it answers, and fails unless the answer is
// a page of the site (200): a port taken by another server answering 404
// must not be printed.
func waitFor(ctx context.Context, url string) error {
	client := &http.Client{Timeout: 5 * time.Second}
	var last error
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			return fmt.Errorf("%s answered %s, not the full report", url, resp.Status)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer: %v", url, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// siteHandler serves dir under base and answers 404 to anything else.
func siteHandler(dir, base string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, base)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err != nil ||
			(fi.IsDir() && !exists(filepath.Join(dir, filepath.FromSlash(rel), "index.html"))) {
			http.NotFound(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rel
		files.ServeHTTP(w, r2)
	})
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// printScript is an object with the functions run in the page.
//
//go:embed print.js
var printScript string
