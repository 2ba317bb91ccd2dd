#!/usr/bin/env bash
# Measures extraction speed against gse's own Pos() on the same text (the
# project's sample articles), one core, as bench/run.sh does, and prints
# shell assignments of the figures (ex_mbs, gse_mbs, ex_ratio, par1,
# par2); the benchmarks' own lines go to standard error.
#
#   bench/extract.sh             # five alternating runs of each
#   RUNS=8 bench/extract.sh
#   eval "$(bench/extract.sh)"   # as bench/run.sh reads it
#
# The two benchmarks alternate and the best of each counts, so that a
# moment of load from elsewhere does not decide the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
RUNS=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/extract.test" ./extract/
bench=$(cd extract && for _ in $(seq "$RUNS"); do
  "$tmp/extract.test" -test.run '^$' -test.bench '^BenchmarkExtract$' -test.benchtime 40x -test.cpu 1
  "$tmp/extract.test" -test.run '^$' -test.bench '^BenchmarkGsePos$' -test.benchtime 40x -test.cpu 1
done | tee -a /dev/stderr)
best() { awk -v b="$1" '$1 == b {for (i=1;i<=NF;i++) if ($i=="MB/s" && $(i-1) > m) m=$(i-1)} END {print m}' <<<"$bench"; }
ex_mbs=$(best BenchmarkExtract)
gse_mbs=$(best BenchmarkGsePos)
par=$(cd extract && "$tmp/extract.test" -test.run '^$' -test.bench '^BenchmarkExtractParallel$' -test.benchtime 40x -test.cpu 1,2 | tee -a /dev/stderr)
par1=$(awk '$1 == "BenchmarkExtractParallel" {for (i=1;i<=NF;i++) if ($i=="MB/s") print $(i-1)}' <<<"$par")
par2=$(awk '$1 == "BenchmarkExtractParallel-2" {for (i=1;i<=NF;i++) if ($i=="MB/s") print $(i-1)}' <<<"$par")
ex_ratio=$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$ex_mbs" "$gse_mbs")
printf 'ex_mbs=%s\ngse_mbs=%s\nex_ratio=%s\npar1=%s\npar2=%s\n' "$ex_mbs" "$gse_mbs" "$ex_ratio" "$par1" "$par2"
