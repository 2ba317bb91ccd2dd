# Targets a new user needs: `make run` (the main job) and `make test`.
GO      ?= go
SHARED  ?= ../shared
BIN     := bin/kg
SAMPLES := data/sample

.PHONY: all build setup run test lint fuzz accuracy bench clean

all: build

setup:
	$(GO) mod download

build: setup
	$(GO) build -o $(BIN) ./cmd/kg

DB ?= kg.db

# The main job: build the graph from the bundled sample corpus in an
# embedded bolt store ($(DB)); running it again leaves unchanged articles
# alone.
run: build
	./$(BIN) ingest --db $(DB) $(SAMPLES)
	./$(BIN) stats --db $(DB)

test:
	$(GO) test ./...

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

bench:
	$(GO) test -run '^$$' -bench . -benchtime 20x -cpu 1,2 ./extract/

clean:
	rm -rf bin out $(DB)
