#!/usr/bin/env bash
# Reproduces every performance figure the README states, each as a ratio
# against a reference measured in the same run, and writes a Markdown table
# to bench/results.md (and standard output).
#
#   bench/run.sh            # 100,000 synthetic articles (about half an hour on 2 cores)
#   N=5000 bench/run.sh     # a quicker run
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
WORK=${WORK:-$(mktemp -d)}
OUT=${OUT:-bench/results.md}
trap 'rm -rf "$WORK"' EXIT
export PATH="$PATH:/usr/local/go/bin"

go build -o "$WORK/kg" ./cmd/kg
go build -o "$WORK/storebench" ./bench/storebench
go build -o "$WORK/gencorpus" ./bench/gencorpus

field() { python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())[sys.argv[1]])' "$1"; }
ratio() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
round() { python3 -c 'import sys; print("%.*f" % (int(sys.argv[2]), float(sys.argv[1])))' "$1" "$2"; }

echo "== extraction vs gse Pos() (same run)" >&2
bench=$(go test -run '^$' -bench '^Benchmark(Extract|GsePos)$' -benchtime 20x ./extract/ | tee /dev/stderr)
ex_mbs=$(awk '/^BenchmarkExtract-/ {for (i=1;i<=NF;i++) if ($i=="MB/s") print $(i-1)}' <<<"$bench")
gse_mbs=$(awk '/^BenchmarkGsePos-/ {for (i=1;i<=NF;i++) if ($i=="MB/s") print $(i-1)}' <<<"$bench")

echo "== synthetic corpus of $N articles" >&2
"$WORK/gencorpus" -n "$N" -seed 1 -o "$WORK/corpus.jsonl"
corpus_mb=$(python3 -c 'import os,sys; print("%.0f" % (os.path.getsize(sys.argv[1]) / 1e6))' "$WORK/corpus.jsonl")

echo "== kg ingest of the whole corpus into bolt" >&2
/usr/bin/time -f '%e %M' -o "$WORK/ingest.time" "$WORK/kg" ingest -q --db "$WORK/ingest.db" --json "$WORK/corpus.jsonl" > "$WORK/ingest.json"
read -r ingest_s ingest_kb < "$WORK/ingest.time"
ingest_quads=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["quads_added"])' "$WORK/ingest.json")
ingest_db=$(du -sm "$WORK/ingest.db" | cut -f1)
echo "== kg ingest again: nothing changed" >&2
/usr/bin/time -f '%e %M' -o "$WORK/reingest.time" "$WORK/kg" ingest -q --db "$WORK/ingest.db" --json "$WORK/corpus.jsonl" > /dev/null
read -r reingest_s _ < "$WORK/reingest.time"
rm -rf "$WORK/ingest.db"

echo "== store writes vs Cayley's loader, same quads" >&2
"$WORK/storebench" prepare -n "$N" -o "$WORK/quads.nq" >&2
ours=$("$WORK/storebench" ours -in "$WORK/quads.nq" -db "$WORK/ours.db" -batch 128)
rm -rf "$WORK/ours.db"
cayley=$("$WORK/storebench" cayley -in "$WORK/quads.nq" -db "$WORK/cayley.db")
rm -rf "$WORK/cayley.db"
echo "$ours" >&2
echo "$cayley" >&2
o_qps=$(field quads_per_sec <<<"$ours"); c_qps=$(field quads_per_sec <<<"$cayley")
o_rss=$(field max_rss_mib <<<"$ours"); c_rss=$(field max_rss_mib <<<"$cayley")
o_go=$(field go_sys_mib <<<"$ours"); c_go=$(field go_sys_mib <<<"$cayley")
quads=$(field quads <<<"$ours")

{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $N synthetic articles ($corpus_mb MB), \`bench/run.sh\`."
  echo
  echo "| figure | ours | reference (same run) | ratio |"
  echo "|---|---|---|---|"
  echo "| extraction speed, one core | $ex_mbs MB/s | gse \`Pos()\` $gse_mbs MB/s | $(ratio "$ex_mbs" "$gse_mbs")× |"
  echo "| store writes into bolt, $quads quads | $(round "$o_qps" 0) quads/s | Cayley loader $(round "$c_qps" 0) quads/s | $(ratio "$o_qps" "$c_qps")× |"
  echo "| peak memory of those writes (max RSS) | $(round "$o_rss" 0) MiB | Cayley loader $(round "$c_rss" 0) MiB | $(ratio "$o_rss" "$c_rss")× |"
  echo "| Go heap of those writes (without bolt's mapped file) | $(round "$o_go" 0) MiB | Cayley loader $(round "$c_go" 0) MiB | $(ratio "$o_go" "$c_go")× |"
  echo "| \`kg ingest\` of the whole corpus (extract + write) | $(round "$ingest_s" 0) s, $((ingest_kb / 1024)) MiB max RSS, $ingest_quads quads, $ingest_db MB on disk | | |"
  echo "| \`kg ingest\` again, nothing changed | $(round "$reingest_s" 1) s | first ingest $(round "$ingest_s" 0) s | $(ratio "$reingest_s" "$ingest_s")× |"
} | tee "$OUT"
