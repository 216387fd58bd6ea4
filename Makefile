# Set-up on a fresh machine: `make build` builds the site into public/,
# `make test` runs every test. Only Go is needed to build.
GO ?= go
OUT ?= public
BASE_URL ?=
ADDR ?=

.PHONY: build test clean vet staticcheck race serve check echarts pdf bench bench-go bench-preview

build:
	$(GO) run ./generator build -out $(OUT) $(if $(BASE_URL),-base-url $(BASE_URL))

# Every test, browser tests included. go test alone hides a skipped test's
# reason unless run with -v: testlog prints one line for each (and, where
# CI is set, fails the run if any test skipped). The browser tests visit
# every page twice and run axe-core on each: on a busy two-core machine
# their package takes over go test's default ten minutes.
test: vet staticcheck race node_modules/axe-core
	$(GO) test -json -timeout 30m ./... | $(GO) run ./generator testlog

# axe-core for the accessibility checks, pinned by package-lock.json.
node_modules/axe-core:
	npm ci --omit=dev --no-audit --no-fund || echo "make test: npm ci failed: the accessibility checks will be skipped"

vet:
	$(GO) vet ./...

# staticcheck at a pinned version, fetched by the go command itself (the
# module proxy and go.sum's checksum database vouch for it), so nothing
# needs installing. Its first run downloads and compiles it.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
staticcheck:
	$(GO) run $(STATICCHECK) ./...

# The race detector on the packages that run goroutines over one build:
# the phases (pages parsed, rendered and written concurrently) and the
# development server (rebuilds while it serves), and two whole builds of
# the report with every feature in one process. The two tests of very
# large inputs are left to the plain run: under the detector they took
# 20 s and 100 s of the package's 130 s, and test sizes, not concurrency.
RACE_SKIP = TestHugeMarkdownFile|TestFullReportSizeWarning
race:
	$(GO) test -race -skip '$(RACE_SKIP)' ./generator/internal/pipeline/ ./generator/internal/tool/serve/
	$(GO) test -race -run 'TestTwoBuildsAtOnce' ./generator/

# Development server with live reload on 127.0.0.1:1313.
serve:
	$(GO) run ./generator serve $(if $(ADDR),-addr $(ADDR))

# Check the built site's links, anchors, alt text, ids and assets.
check:
	$(GO) run ./generator check -out $(OUT) $(if $(BASE_URL),-base-url $(BASE_URL))

# Our build beside Hugo's on the report and on synthetic sites of 1,000,
# 10,000 and 100,000 pages, ending with one summary table (Hugo is used
# where installed: apt-get install hugo). The 100,000-page site is built
# once per tool, without a warm-up, and takes about 15 minutes; Hugo is
# stopped and left out there if it has not finished in 10 minutes or its
# resident memory passes 12 GiB (it needed 18.7 GiB once, and the machine
# may have no swap). BENCH_PAGES=1000,10000 for a shorter run.
BENCH_PAGES ?= 1000,10000,100000
bench:
	$(GO) run ./generator bench -report -pages $(BENCH_PAGES) -runs 3

# The preview on a synthetic site of 10,000 pages: from an edit's write to
# the browser's reload event, for 50 edits of a page's text, 50 of a title,
# and 3 full rebuilds for comparison (each first build takes a minute).
bench-preview:
	$(GO) run ./generator bench -preview 50 -preview-full 3 -pages 10000

# Go benchmarks of each build phase.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./generator/internal/pipeline/ ./generator/internal/tool/bench/ ./generator/internal/output/assets/ ./generator/internal/markdown/
	$(GO) test -run '^$$' -bench ReportBuild -benchmem ./generator/

# Rebuild the trimmed ECharts bundle from the pinned npm package (needs
# `npm ci`). The output is committed, so `make build` needs only Go.
echarts:
	npx esbuild generator/internal/feature/data/echarts-entry.mjs --bundle --minify --format=iife --global-name=echarts --outfile=assets/vendor/echarts/echarts.min.js
	cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE assets/vendor/echarts/
	cp node_modules/zrender/LICENSE assets/vendor/echarts/LICENSE-zrender
	cp node_modules/echarts/licenses/LICENSE-d3 assets/vendor/echarts/LICENSE-d3

# The site with its PDF edition, public/<short title>.pdf, printed from the
# full report by headless Chromium (bookmarks, numbered contents, running
# heads, document information) and linked from every page. The site is
# served on a free loopback port while it prints; any failure exits non-zero
# and leaves public/ as it was. make build never needs a browser; this does.
pdf:
	$(GO) run ./generator pdf -out $(OUT) $(if $(BASE_URL),-base-url $(BASE_URL))

clean:
	rm -rf $(OUT)
