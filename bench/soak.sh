#!/usr/bin/env bash
# A bounded load test ("soak") of kg serve on loopback: mixed read traffic,
# Gizmo queries and a steady stream of article writes for a fixed time on a
# graph of N synthetic articles, with the server's default rate limits.
# Prints a Markdown table (throughput, p50/p99 latency and status answers
# per class of request; peak memory and whether memory stayed flat); the
# full JSON summary is $WORK/soak.json and the time series
# $WORK/soak-series.csv. Exits non-zero when the server gave any answer
# other than 2xx, an expected 404 (a deleted article) or 429.
#
#   bench/soak.sh                                   # 100,000 articles, 5 minutes
#   N=5000 DUR=1m bench/soak.sh                     # a quick run
#   CORPUS=c100k.jsonl DB=/tmp/soak-100k.db bench/soak.sh   # reuse a corpus and a store
#
# Knobs: N (articles, default 100000), DUR (default 5m), WORK (scratch
# directory, default a new one, removed at the end), CORPUS (an existing
# JSONL corpus to use instead of generating one), DB (the bolt store,
# default $WORK/soak.db; an existing store of the corpus is reused, as
# kg ingest leaves unchanged articles alone), INGEST=0 (use DB as it is),
# MIX (a file of read requests, as `soak -urls` reads them; default: one
# discovered from the graph by a read-only server with a long time limit, as
# the first answers of a large graph take longer than the default 10 s),
# FULL_MIX=1 (discover more routes: the congress list, /api/stats, a path,
# more profiles), READERS (default 8), WRITE_RATE (articles/s, default 2), GIZMO_RATE
# (default 30/5s: bursts of 30 Gizmo queries every 5 s, which the default
# --query-rate of 10/s with a burst of 21 partly answers 429, as intended;
# the writes have their own --write-rate and are retried after a 429), PORT
# (default 18082), SERVE_FLAGS (more flags for the measured server, e.g.
# --no-read-model), KG (a kg binary to measure instead of one built from
# this checkout, to compare two versions with the same load).
set -euo pipefail
SERVE_FLAGS=${SERVE_FLAGS:-}
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
N=${N:-100000}
DUR=${DUR:-5m}
CORPUS=${CORPUS:-}
INGEST=${INGEST:-1}
READERS=${READERS:-8}
WRITE_RATE=${WRITE_RATE:-2}
GIZMO_RATE=${GIZMO_RATE:-30/5s}
MIX=${MIX:-}
FULL_MIX=${FULL_MIX:-0}
PORT=${PORT:-18082}
OWN_WORK=
if [[ -z "${WORK:-}" ]]; then
  WORK=$(mktemp -d)
  OWN_WORK=1
fi
mkdir -p "$WORK"
DB=${DB:-$WORK/soak.db}
KG_PID=
source bench/lib.sh
cleanup() {
  stop_kg
  if [[ -n "$OWN_WORK" ]]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

kg_binary "$WORK/kg"
go build -o "$WORK/soak" ./bench/soak
go build -o "$WORK/gencorpus" ./bench/gencorpus

if [[ -z "$CORPUS" ]]; then
  echo "== synthetic corpus of $N articles" >&2
  CORPUS=$WORK/corpus.jsonl
  "$WORK/gencorpus" -n "$N" -seed 1 -o "$CORPUS"
fi
articles=$(wc -l < "$CORPUS")
if [[ "$INGEST" != 0 ]]; then
  echo "== kg ingest of $articles articles into $DB" >&2
  "$WORK/kg" ingest -q --db "$DB" --json "$CORPUS" > "$WORK/ingest.json"
fi

# serve LOG ARGS... starts kg serve in the background and waits until it
# answers and its read model is built (routes read the store until then);
# stop_server stops it.
serve() {
  local log=$1
  shift
  "$WORK/kg" serve --db "$DB" --addr "127.0.0.1:$PORT" --web /nonexistent "$@" 2> "$log" &
  KG_PID=$!
  local up=
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && { up=1; break; }
    kill -0 "$KG_PID" 2>/dev/null || { tail -5 "$log" >&2; exit 1; }
    sleep 1
  done
  [[ -n $up ]] || { echo "soak.sh: kg serve did not answer in 2 minutes" >&2; exit 1; }
  local t0=$SECONDS
  # The soak measures a server that has started: its read model loaded or
  # built, and its extractor loaded (writes wait for it until then;
  # bench/start.sh measures the start).
  while curl -sf "http://127.0.0.1:$PORT/healthz" | grep -Eq '"read_model":"(building|loading)"|"writes":"starting"'; do
    kill -0 "$KG_PID" 2>/dev/null || { tail -5 "$log" >&2; exit 1; }
    (( SECONDS - t0 < 3600 )) || { echo "soak.sh: the read model was not built in an hour" >&2; exit 1; }
    sleep 1
  done
  echo "soak.sh: read model and writes ready $((SECONDS - t0)) s after the server answered" >&2
}
stop_server() {
  kill "$KG_PID" 2>/dev/null || echo "soak.sh: kg serve had already stopped" >&2
  wait "$KG_PID" 2>/dev/null || true
  KG_PID=
}

if [[ -z "$MIX" ]]; then
  echo "== discovering the read mix (read-only server, 10 min time limit)" >&2
  serve "$WORK/discover.log" --read-only --timeout 10m
  full=()
  [[ "$FULL_MIX" != 0 ]] && full=(-full-mix)
  "$WORK/soak" -base "http://127.0.0.1:$PORT" -discover-only -mix-out "$WORK/mix.txt" \
    -gizmo-rate "$GIZMO_RATE" "${full[@]}"
  stop_server
  MIX=$WORK/mix.txt
fi

echo "== kg serve with a write token and the default rate limits" >&2
KG_TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
export KG_TOKEN
# shellcheck disable=SC2086 # SERVE_FLAGS is a list of flags
serve "$WORK/serve.log" $SERVE_FLAGS

echo "== soak: $DUR, $READERS readers, Gizmo $GIZMO_RATE, writes $WRITE_RATE/s" >&2
rc=0
"$WORK/soak" -base "http://127.0.0.1:$PORT" -urls "$MIX" -pid "$KG_PID" -first "$articles" -seed 1 \
  -d "$DUR" -c "$READERS" -write-rate "$WRITE_RATE" \
  -series "$WORK/soak-series.csv" -label "soak $articles articles" > "$WORK/soak.json" 2> "$WORK/soak.log" || rc=$?
stop_server
grep -E 'level=(WARN|ERROR)' "$WORK/soak.log" >&2 || true
if [[ ! -s "$WORK/soak.json" ]]; then
  tail -20 "$WORK/soak.log" >&2
  exit 1
fi
# Server-side errors, for the record.
grep -E 'level=ERROR' "$WORK/serve.log" | head -20 >&2 || true

python3 - "$WORK/soak.json" "$articles" "$DUR" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"Soak of {sys.argv[2]} articles for {sys.argv[3]}: {s['readers']} readers, "
      f"Gizmo and writes paced; `bench/soak.sh`.")
print()
print("| class | requests | per s | p50 ms | p99 ms | max ms | answers |")
print("|---|---|---|---|---|---|---|")
for c in ("read", "gizmo", "write", "verify"):
    x = s["classes"].get(c)
    if not x:
        continue
    st = ", ".join(f"{k}: {v}" for k, v in sorted(x["status"].items()))
    if x["transport_errors"]:
        st += f", transport errors: {x['transport_errors']}"
    if x.get("cache_hits") or x.get("cache_stale"):
        st += f" (cached: {x.get('cache_hits', 0)} current, {x.get('cache_stale', 0)} stale"
        if x.get("cache_stale"):
            st += f", aged p50 {x.get('stale_age_p50_s', 0):.0f} s, p99 {x.get('stale_age_p99_s', 0):.0f} s, max {x.get('stale_age_max_s', 0):.0f} s"
        st += ")"
    print(f"| {c} | {x['requests']} | {x['rps']:.1f} | {x['p50_ms']:.1f} | {x['p99_ms']:.1f} | {x['max_ms']:.0f} | {st} |")
w = s["writes"]
print(f"| writes done | {w['added']} added, {w['updated']} updated, {w['deleted']} deleted | | | | | "
      f"{w['gave_up_after_429s']} given up, {w['dropped_ticks']} ticks dropped |")
m, l = s.get("memory"), s.get("leak")
if m:
    print(f"| memory | peak RSS {m['peak_rss_mib']:.0f} MiB | anon RSS {m['anon_mib']['start']:.0f} → "
          f"{m['anon_mib']['middle']:.0f} → {m['anon_mib']['end']:.0f} MiB | RSS {m['rss_mib']['start']:.0f} → "
          f"{m['rss_mib']['middle']:.0f} → {m['rss_mib']['end']:.0f} MiB | "
          + (f"live Go heap {m['heap_live_mib']['start']:.0f} → {m['heap_live_mib']['middle']:.0f} → "
             f"{m['heap_live_mib']['end']:.0f} MiB" if m.get('heap_live_mib') else "") + " | | |")
    print(f"| memory flat? | {'yes' if l['flat'] else 'NO'} | {l['metric']} floor slope {l['slope_mib_per_min']:+.2f} MiB/min "
          f"(Theil–Sen, after the warm-up) | floor last/first minute {l['ratio']:.3f} ({l['first_minute_floor_mib']:.0f} → {l['last_minute_floor_mib']:.0f} MiB) | | | |")
print()
print("OK: only 2xx, expected 404 and 429 answers" if s["ok"] else "PROBLEMS: " + "; ".join(s["problems"]))
EOF
exit "$rc"
