# Set-up on a fresh machine: `make build` builds the site into public/,
# `make test` runs every test. Only Go is needed to build.
GO ?= go
OUT ?= public
BASE_URL ?=
ADDR ?=

.PHONY: build test clean vet serve check echarts

build:
	$(GO) run ./generator build -out $(OUT) $(if $(BASE_URL),-base-url $(BASE_URL))

test: vet
	$(GO) test ./...

vet:
	$(GO) vet ./...

# Development server with live reload on 127.0.0.1:1313.
serve:
	$(GO) run ./generator serve $(if $(ADDR),-addr $(ADDR))

# Check the built site's links, anchors, alt text, ids and assets.
check:
	$(GO) run ./generator check -out $(OUT) $(if $(BASE_URL),-base-url $(BASE_URL))

# Rebuild the trimmed ECharts bundle from the pinned npm package (needs
# `npm ci`). The output is committed, so `make build` needs only Go.
echarts:
	npx esbuild generator/internal/charts/echarts-entry.mjs --bundle --minify --format=iife --global-name=echarts --outfile=assets/vendor/echarts/echarts.min.js
	cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE assets/vendor/echarts/
	cp node_modules/zrender/LICENSE assets/vendor/echarts/LICENSE-zrender
	cp node_modules/echarts/licenses/LICENSE-d3 assets/vendor/echarts/LICENSE-d3

clean:
	rm -rf $(OUT)
