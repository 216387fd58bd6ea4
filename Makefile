# Set-up on a fresh machine: `make build` builds the site into public/,
# `make test` runs every test. Only Go is needed to build.
GO ?= go
OUT ?= public
BASE_URL ?=

.PHONY: build test clean vet

build:
	$(GO) run ./generator build -out $(OUT) $(if $(BASE_URL),-base-url $(BASE_URL))

test: vet
	$(GO) test ./...

vet:
	$(GO) vet ./...

clean:
	rm -rf $(OUT)
