#!/usr/bin/env bash
# Reproduces every performance figure the README states, each as a ratio
# against a reference measured in the same run, and writes a Markdown table
# to bench/results.md (and standard output).
#
#   bench/run.sh            # 100,000 synthetic articles (about 45 minutes on 2 cores)
#   N=5000 bench/run.sh     # a quicker run
#
# SOAK_DUR (default 5m) is the length of the soak (bench/soak.sh) on the
# ingested graph, 0 to leave it out; the script exits non-zero, after
# writing the table, when the soak saw answers other than 2xx, expected 404s
# and 429s.
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
eval "$(bench/extract.sh)"

echo "== synthetic corpus of $N articles" >&2
"$WORK/gencorpus" -n "$N" -seed 1 -o "$WORK/corpus.jsonl"
corpus_mb=$(python3 -c 'import os,sys; print("%.0f" % (os.path.getsize(sys.argv[1]) / 1e6))' "$WORK/corpus.jsonl")

echo "== kg ingest of the whole corpus into bolt" >&2
/usr/bin/time -f '%e %M' -o "$WORK/ingest.time" "$WORK/kg" ingest -q --db "$WORK/ingest.db" --json "$WORK/corpus.jsonl" > "$WORK/ingest.json"
read -r ingest_s ingest_kb < "$WORK/ingest.time"
ingest_quads=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["quads_added"])' "$WORK/ingest.json")
ingest_go=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["go_sys_mib"])' "$WORK/ingest.json")
ingest_db=$(du -sm "$WORK/ingest.db" | cut -f1)
echo "== kg ingest again: nothing changed" >&2
/usr/bin/time -f '%e %M' -o "$WORK/reingest.time" "$WORK/kg" ingest -q --db "$WORK/ingest.db" --json "$WORK/corpus.jsonl" > /dev/null
read -r reingest_s _ < "$WORK/reingest.time"

echo "== relays endpoint under load vs Cayley's own Gizmo HTTP answer, same graph" >&2
# Cayley's own server, built from the module proxy in a scratch module
# (nothing of it is kept in this repository).
( cd "$WORK" && mkdir -p cayleybuild && cd cayleybuild && go mod init cayleybuild >/dev/null 2>&1 &&
  go get github.com/cayleygraph/cayley/cmd/cayley@v0.7.7 >/dev/null 2>&1 &&
  go build -o "$WORK/cayley" github.com/cayleygraph/cayley/cmd/cayley 2>/dev/null )
go build -o "$WORK/loadgen" ./bench/loadgen
CONG=${CONG:-党的二十大}
CONG_ID=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote("congress:"+sys.argv[1]))' "$CONG")
"$WORK/kg" serve --read-only --timeout 600s --db "$WORK/ingest.db" --addr 127.0.0.1:18080 --web /nonexistent 2>/dev/null &
KG_PID=$!
for _ in $(seq 60); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 1; done
relays_url="http://127.0.0.1:18080/api/congresses/$CONG_ID/relays?limit=1000"
cold_ms=$(curl -s -o "$WORK/relays.json" -w '%{time_total}' "$relays_url" | python3 -c 'import sys; print("%.0f" % (float(sys.stdin.read())*1000))')
n_relays=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["total"]) if "total" in d else sys.exit("relays: %s" % d)' "$WORK/relays.json") || { kill "$KG_PID"; exit 1; }
ours_load=$("$WORK/loadgen" -url "$relays_url" -c 16 -d 30s -label ours)
kill "$KG_PID"; wait "$KG_PID" 2>/dev/null || true
"$WORK/cayley" http --db bolt --dbpath "$WORK/ingest.db" --host 127.0.0.1:18081 >/dev/null 2>&1 &
CAY_PID=$!
for _ in $(seq 60); do curl -sf -o /dev/null http://127.0.0.1:18081/ && break; sleep 1; done
gizmo="g.V(\"<kg:congress:$CONG>\").In(\"<kg:relayed>\").Unique().All()"
cayley_load=$("$WORK/loadgen" -url http://127.0.0.1:18081/api/v1/query/gizmo -method POST -body "$gizmo" -c 16 -d 30s -label cayley)
kill "$CAY_PID"; wait "$CAY_PID" 2>/dev/null || true
echo "$ours_load" >&2
echo "$cayley_load" >&2

echo "== soak: mixed reads, Gizmo and a write stream on the same graph (bench/soak.sh)" >&2
SOAK_DUR=${SOAK_DUR:-5m}
soak_rc=0
soak_rows=
if [[ "$SOAK_DUR" != 0 ]]; then
# (WORK comes last: each assignment sees the ones before it.)
DB="$WORK/ingest.db" CORPUS="$WORK/corpus.jsonl" INGEST=0 DUR="$SOAK_DUR" WORK="$WORK/soak" \
  bench/soak.sh > "$WORK/soak.md" || soak_rc=$?
cat "$WORK/soak.md" >&2
soak_rows=$(python3 - "$WORK/soak/soak.json" "$N" "$SOAK_DUR" <<'EOF'
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"| soak of the {sys.argv[2]}-article graph, {sys.argv[3]} | FAILED: no summary ({e}) | | |")
    sys.exit()
c, w = s["classes"], s["writes"]
r, g, wr = c["read"], c.get("gizmo"), c.get("write")
routes = sum(1 for e in s["endpoints"] if e["class"] == "read")
head = (f"soak, {sys.argv[3]} on the same graph: {s['readers']} readers over {routes} read routes, "
        f"Gizmo bursts, writes at {w['rate_per_s']:g}/s")
print(f"| {head}: reads/s, p50 / p99 latency | {r['rps']:.1f} /s, {r['p50_ms']:.1f} / {r['p99_ms']:.1f} ms | | |")
if r.get("cache_stale") and "stale_age_p50_s" in r:
    print(f"| same, reads answered from before the last write (X-Cache: stale) while refreshed: share; Age p50 / p99 | "
          f"{r['cache_stale'] / r['requests']:.0%}; {r.get('stale_age_p50_s', 0):.0f} / {r.get('stale_age_p99_s', 0):.0f} s | | |")
if wr:
    print(f"| same, writes (POST new, re-POST changed, DELETE): p50 / p99 latency | {wr['p50_ms']:.0f} / {wr['p99_ms']:.0f} ms; "
          f"{w['added']} added, {w['updated']} updated, {w['deleted']} deleted | | |")
if g:
    print(f"| same, Gizmo queries: p50 / p99 latency | {g['p50_ms']:.1f} / {g['p99_ms']:.1f} ms | | |")
n429 = sum(x["rate_limited"] for x in c.values())
n404 = c.get("verify", {}).get("status", {}).get("404", 0)
other = sum(x["unexpected"] + x["transport_errors"] for x in c.values())
kinds = {}
for name, x in c.items():
    for st, k in x["status"].items():
        if st[0] != "2" and st != "429" and not (name == "verify" and st == "404"):
            kinds[st] = kinds.get(st, 0) + k
    if x["transport_errors"]:
        kinds["transport error"] = kinds.get("transport error", 0) + x["transport_errors"]
detail = ", ".join(f"{k} × {v}" for v, k in sorted((v, k) for k, v in kinds.items()))
print(f"| same, answers other than 2xx | {n429} × 429 (rate limit, intended), {n404} × 404 (deleted articles, expected), "
      f"{other} others{' (' + detail + '; the soak failed: see its output)' if other or not s['ok'] else ''} | | |")
m, l = s.get("memory"), s.get("leak")
if m:
    print(f"| same, server memory: max RSS; anonymous RSS (Go heap and runtime) start → middle → end | {m['peak_rss_mib']:.0f} MiB; "
          f"{m['anon_mib']['start']:.0f} → {m['anon_mib']['middle']:.0f} → {m['anon_mib']['end']:.0f} MiB | | |")
    print(f"| same, memory check on {l['metric']}: floor (least sample) of the first and last minute; trend of the 30-s floors (Theil–Sen) | "
          f"{l['first_minute_floor_mib']:.0f} → {l['last_minute_floor_mib']:.0f} MiB ({l['ratio']:.2f}×), "
          f"{l['slope_mib_per_min']:+.1f} MiB/min "
          f"({'flat' if l['flat'] else 'NOT flat'}) | | |")
EOF
)
fi
rm -rf "$WORK/ingest.db"

echo "== store writes vs Cayley's loader, same quads" >&2
"$WORK/storebench" prepare -n "$N" -o "$WORK/quads.nq" >&2
ours=$("$WORK/storebench" ours -in "$WORK/quads.nq" -db "$WORK/ours.db" -batch 512)
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
  echo "| extraction speed, one core (best of 5 alternating runs each) | $ex_mbs MB/s | gse \`Pos()\` $gse_mbs MB/s | $(ratio "$ex_mbs" "$gse_mbs")× |"
  echo "| extraction on 2 cores against 1 | $par2 MB/s | $par1 MB/s | $(ratio "$par2" "$par1")× |"
  echo "| store writes into bolt, $quads quads, 512 articles per transaction | $(round "$o_qps" 0) quads/s | Cayley loader $(round "$c_qps" 0) quads/s | $(ratio "$o_qps" "$c_qps")× |"
  echo "| peak memory of those writes (max RSS) | $(round "$o_rss" 0) MiB | Cayley loader $(round "$c_rss" 0) MiB | $(ratio "$o_rss" "$c_rss")× |"
  echo "| Go heap of those writes (without bolt's mapped file) | $(round "$o_go" 0) MiB | Cayley loader $(round "$c_go" 0) MiB | $(ratio "$o_go" "$c_go")× |"
  echo "| \`kg ingest\` of the whole corpus (extract + write) | $(round "$ingest_s" 0) s, $ingest_quads quads, $ingest_db MB on disk; $((ingest_kb / 1024)) MiB max RSS, of which Go $(round "$ingest_go" 0) MiB (the rest is bolt's mapped file) | | |"
  echo "| relays of $CONG ($n_relays relays), 16 connections, 30 s: requests/s | $(round "$(field rps <<<"$ours_load")" 0) | Cayley \`g.V(c).In(relayed).Unique().All()\` $(round "$(field rps <<<"$cayley_load")" 0) | $(ratio "$(field rps <<<"$ours_load")" "$(field rps <<<"$cayley_load")")× |"
  echo "| same, p50 / p99 latency | $(field p50_ms <<<"$ours_load") / $(field p99_ms <<<"$ours_load") ms | $(field p50_ms <<<"$cayley_load") / $(field p99_ms <<<"$cayley_load") ms | p99 $(ratio "$(field p99_ms <<<"$cayley_load")" "$(field p99_ms <<<"$ours_load")")× lower |"
  echo "| same, first (uncached) answer | $cold_ms ms | | |"
  echo "| \`kg ingest\` again, nothing changed | $(round "$reingest_s" 1) s | first ingest $(round "$ingest_s" 0) s | $(ratio "$reingest_s" "$ingest_s")× |"
  if [[ -n "$soak_rows" ]]; then echo "$soak_rows"; fi
} | tee "$OUT"
if [[ "$soak_rc" != 0 ]]; then
  echo "run.sh: the soak failed (status $soak_rc); see its rows above" >&2
  exit 1
fi
