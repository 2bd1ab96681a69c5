# sipdesk: the two commands that matter are `make run` and `make test`.
GO       ?= go
BIN      := bin/sipdesk
PKGS     := ./...
# The version in sipdesk_build_info: the nearest tag and commit, else "dev".
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
STATICCHECK_VERSION := v0.8.2
GOVULNCHECK_VERSION := v1.9.0

.PHONY: run build test test-quick lint bench clean

## run: build and serve the portal on 127.0.0.1:2222 with the embedded store in ./data
run: build
	./$(BIN) serve

## build: compile the sipdesk binary into bin/
build:
	$(GO) build -ldflags "-X main.buildVersion=$(VERSION)" -o $(BIN) ./cmd/sipdesk

## test: the whole suite under the race detector: unit, store (SQLite and
## Postgres), TUI and OpenSSH end-to-end
test:
	$(GO) test -count=1 -race -timeout 30m $(PKGS)

## test-quick: the same without the race detector (no C compiler needed)
test-quick:
	$(GO) test -count=1 $(PKGS)

## lint: gofmt, go vet, staticcheck and (where its database is reachable) govulncheck
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "not gofmt-formatted"; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS)
	GOVULNCHECK_VERSION=$(GOVULNCHECK_VERSION) bash .ci/vulncheck

## bench: Go benchmarks of the hot paths
bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

clean:
	rm -rf bin
