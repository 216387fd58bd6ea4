// Package data is the build feature for the site's data: given the
// datasets of content/data (read by the load phase), it adds chart blocks, data tables, data notes and
// the stat shortcode to the markdown engine, reports every problem in them
// with its position before anything is rendered, and publishes each dataset
// for download as CSV and JSON.
package data

import (
	"errors"
	"sync"

	"reportgen/generator/internal/diag"
	"reportgen/generator/internal/input/content"
	"reportgen/generator/internal/input/dataset"
	"reportgen/generator/internal/markdown"
	"reportgen/generator/internal/markdown/ext/chart"
	"reportgen/generator/internal/markdown/ext/datanote"
	"reportgen/generator/internal/markdown/ext/datatable"
	"reportgen/generator/internal/markdown/ext/shortcode"
	"reportgen/generator/internal/markdown/ext/stat"
	"reportgen/generator/internal/output/chartsvg"
	"reportgen/generator/internal/pipeline"
)

// Feature is the data feature. One value serves successive builds (the
// development server rebuilds with it); Load replaces what the previous
// build had.
type Feature struct {
	data *dataset.Set
	in   pipeline.Inputs
	draw *chartsvg.Drawer

	scriptsOnce sync.Once
	scripts     *chartsvg.Scripts
}

// New makes the feature. It draws each chart as a static picture, keeping
// the drawings in memory for the builds that follow (the development
// server's) and on disk in the user's cache directory for the next run:
// drawing costs about 0.1 to 0.3 s a chart, finding a drawing in the cache
// nothing to speak of.
func New() *Feature { return &Feature{draw: &chartsvg.Drawer{Dir: chartsvg.CacheDir()}} }

// Assets the drawings run: the same ECharts and chart theme the pages
// load.
const (
	echartsAsset = "vendor/echarts/echarts.min.js"
	themeAsset   = "js/chart-theme.js"
)

var (
	_ pipeline.Feature        = (*Feature)(nil)
	_ pipeline.PageIndexer    = (*Feature)(nil)
	_ pipeline.PageSummarizer = (*Feature)(nil)
	_ pipeline.Writer         = (*Feature)(nil)
	_ pipeline.Reserver       = (*Feature)(nil)
)

// Load takes the datasets the load phase read.
func (f *Feature) Load(in pipeline.Inputs) *diag.List {
	f.data = in.Data()
	// This build's assets, once they are loaded, give the scripts the
	// drawings run.
	f.in = in
	f.scriptsOnce, f.scripts = sync.Once{}, nil
	return &diag.List{}
}

// Markdown adds the extensions and shortcodes.
func (f *Feature) Markdown(o *markdown.Options) {
	var draw func([]byte, int, int) ([]byte, error)
	if f.draw != nil {
		draw = f.drawChart
	}
	o.Extra = append(o.Extra,
		chart.Extension{Data: f.data, Draw: draw},
		datatable.Extension{Data: f.data, BasePath: o.BasePath},
		datanote.Extension{},
	)
	if o.Shortcodes == nil {
		o.Shortcodes = map[string]shortcode.Handler{}
	}
	o.Shortcodes[stat.Name] = stat.Handler{Data: f.data}
	o.Shortcodes[datatable.Name] = datatable.Handler{Data: f.data}
}

// drawChart draws an option with the site's own chart scripts, which are
// loaded by the time pages are parsed. A site without them has charts
// drawn only in the browser.
func (f *Feature) drawChart(option []byte, width, height int) ([]byte, error) {
	f.scriptsOnce.Do(func() {
		e, ok1 := f.in.Asset(echartsAsset)
		t, ok2 := f.in.Asset(themeAsset)
		if ok1 && ok2 {
			f.scripts = &chartsvg.Scripts{ECharts: e, Theme: t}
		}
	})
	if f.scripts == nil {
		return nil, errNoScripts
	}
	return f.draw.Draw(f.scripts, option, width, height)
}

var errNoScripts = errors.New("the site has no " + echartsAsset + " and " + themeAsset + " to draw charts with")

// IndexPage reports, for each page, statistics that cannot be computed
// or disagree with the text, and misplaced data tables — all of them,
// before rendering stops at the first.
func (f *Feature) IndexPage(_ pipeline.Parsed, p *content.Page, d *markdown.Doc) *diag.List {
	errs := &diag.List{}
	at := func(n *shortcode.Node, err error) {
		if err != nil {
			line, col := diag.BodyLineCol(p.BodyLine, d.Source, n.Offset)
			errs.Add(diag.Place(err, p.Path, line, col, n.Name))
		}
	}
	shortcode.Walk(d.AST, func(n *shortcode.Node) {
		switch n.Name {
		case stat.Name:
			_, err := stat.Evaluate(f.data, n)
			at(n, err)
		case datatable.Name:
			at(n, datatable.Check(f.data, n))
		}
	})
	return errs
}

// SummarizePage implements pipeline.PageSummarizer: IndexPage records
// nothing, it only checks.
func (f *Feature) SummarizePage(s pipeline.Parsed, p *content.Page, d *markdown.Doc) (string, *diag.List) {
	return "", f.IndexPage(s, p, d)
}

// Reserve names each dataset's downloads.
func (f *Feature) Reserve(in pipeline.Inputs) []string {
	var paths []string
	if d := in.Data(); d != nil {
		for _, ds := range d.List {
			paths = append(paths, ds.DownloadPath(".csv"), ds.DownloadPath(".json"))
		}
	}
	return paths
}

// Write publishes each dataset as data/NAME.csv (the file as the editor
// wrote it) and data/NAME.json (with the schema's labels).
func (f *Feature) Write(_ pipeline.Parsed, out *pipeline.Output) *diag.List {
	errs := &diag.List{}
	if f.data == nil {
		return errs
	}
	for _, d := range f.data.List {
		if err := out.WriteFile(d.DownloadPath(".csv"), d.Raw); err != nil {
			errs.Add(diag.Errorf(d.Path, 0, 0, "cannot write the download: %v", err))
		}
		js, err := d.JSON()
		if err == nil {
			err = out.WriteFile(d.DownloadPath(".json"), js)
		}
		if err != nil {
			errs.Add(diag.Errorf(d.Path, 0, 0, "cannot write the JSON download: %v", err))
		}
	}
	return errs
}
