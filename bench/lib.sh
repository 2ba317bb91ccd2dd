# Functions the benchmark scripts share; sourced, not run.

# synthetic_store: builds kg and gencorpus into $WORK and, unless DB names
# a store, sets DB to $WORK/ingest.db, ingesting N synthetic articles
# (gencorpus -seed 1) into it the first time.
synthetic_store() {
  go build -o "$WORK/kg" ./cmd/kg
  go build -o "$WORK/gencorpus" ./bench/gencorpus
  if [[ -z "${DB:-}" ]]; then
    DB="$WORK/ingest.db"
    if [[ ! -d "$DB" ]]; then
      echo "== $N synthetic articles, kg ingest" >&2
      "$WORK/gencorpus" -n "$N" -seed 1 -o "$WORK/corpus.jsonl"
      "$WORK/kg" ingest -q --db "$DB" --json "$WORK/corpus.jsonl" >/dev/null
    fi
  fi
}

# kg_binary DEST: puts the kg binary to measure at DEST: $KG when set (to
# compare two versions under one load), else one built from this checkout.
kg_binary() {
  if [[ -n "${KG:-}" ]]; then
    cp "$KG" "$1"
  else
    go build -o "$1" ./cmd/kg
  fi
}

# stop_kg: stops the server whose PID is KG_PID, if one was started.
stop_kg() {
  if [[ -n "${KG_PID:-}" ]]; then
    kill "$KG_PID" 2>/dev/null || true
    wait "$KG_PID" 2>/dev/null || true
  fi
}
