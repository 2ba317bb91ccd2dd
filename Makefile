# Targets a new user needs: `make run` (the main job) and `make test`.
GO      ?= go
SHARED  ?= ../shared
BIN     := bin/kg
SAMPLES := data/sample

ADDR    ?= 127.0.0.1:8080
DB      ?= kg.db

.PHONY: all build setup web graph run test test-go test-web lint fuzz accuracy accuracy-real real-texts bench bench-extract bench-size bench-all clean

all: build

# Go modules, and the explorer's npm packages (no third-party code is kept
# in the repository).
setup:
	$(GO) mod download
	cd web && npm ci --no-audit --no-fund

build:
	$(GO) build -o $(BIN) ./cmd/kg

# The explorer, built into web/dist, which kg serve serves at /.
web: setup
	cd web && npm run build

# The graph of the bundled sample corpus in an embedded bolt store ($(DB));
# running it again leaves unchanged articles alone.
graph: build
	./$(BIN) ingest --db $(DB) $(SAMPLES)
	./$(BIN) stats --db $(DB)

# The main job: build the graph and serve the API and the explorer on
# http://$(ADDR)/ until interrupted.
run: web graph
	./$(BIN) serve --db $(DB) --addr $(ADDR) --web web/dist

# Every test: Go's (PostgreSQL ones when KG_TEST_POSTGRES names a database)
# and the explorer's end-to-end tests in headless Chromium.
test: test-go test-web

test-go:
	$(GO) test ./...

test-web: web
	web/e2e/run.sh

lint:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	staticcheck ./...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzNormalize -fuzztime 20s ./textnorm/

# Accuracy on the shared dev set and on the project's own articles.
accuracy: build
	python3 $(SHARED)/eval/score.py --gold $(SHARED)/gold/dev --corpus $(SHARED)/corpus/dev --cmd './$(BIN) extract --format json {file}'
	python3 $(SHARED)/eval/score.py --gold testdata/gold --corpus data/sample --cmd './$(BIN) extract --format json {file}'

# Accuracy on the real-article development set (testdata/real): gold is
# committed, texts are collected on each machine (make real-texts).
# VERBOSE=1 lists every miss and false hit.
accuracy-real: build
	SHARED=$(SHARED) testdata/real/score.sh $(if $(VERBOSE),--verbose)

# Which real-set texts this machine lacks, with the address and query of each.
real-texts:
	testdata/real/texts.sh

bench:
	$(GO) test -run '^$$' -bench . -skip ExtractSize -benchtime 20x -cpu 1,2 ./extract/

# Extraction time per MB of one article of 1 MB and of 8 MB: linear, the
# two about equal.
bench-size:
	$(GO) test -run '^$$' -bench ExtractSize -benchtime 3x ./extract/

# Every figure the README states, as ratios measured in one run
# (N=100000 by default: about 40 minutes on 2 cores).
bench-all:
	bench/run.sh

# Extraction speed against gse's Pos() on the same text, one core, best of
# five alternating runs (the first row of bench/run.sh's table).
bench-extract:
	bench/extract.sh

clean:
	rm -rf bin out $(DB) web/dist
