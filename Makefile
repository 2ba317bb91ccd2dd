# Targets a new user needs: `make run` (the main job) and `make test`.
GO      ?= go
SHARED  ?= ../shared
BIN     := bin/kg
SAMPLES := testdata/articles

.PHONY: all build setup run test lint fuzz accuracy bench clean

all: build

setup:
	$(GO) mod download

build: setup
	$(GO) build -o $(BIN) ./cmd/kg

# The main job, as far as it is built: extract every bundled sample article
# into JSON Lines and N-Quads (labelled with each article) under out/.
run: build
	mkdir -p out
	./$(BIN) extract --format jsonl $(SAMPLES) > out/extractions.jsonl
	./$(BIN) extract --format nquads $(SAMPLES) > out/graph.nq
	@echo "wrote out/extractions.jsonl ($$(wc -l < out/extractions.jsonl) articles) and out/graph.nq ($$(wc -l < out/graph.nq) quads)"

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
	python3 $(SHARED)/eval/score.py --gold testdata/gold --corpus testdata/articles --cmd './$(BIN) extract --format json {file}'

bench:
	$(GO) test -run '^$$' -bench . -benchtime 20x -cpu 1,2 ./extract/

clean:
	rm -rf bin out
