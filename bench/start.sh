#!/usr/bin/env bash
# How soon kg serve answers after it starts: building the read model from
# the quads (no snapshot) against loading its snapshot, and loading it after
# writes that a kill -9 kept from being saved (re-read from the journal);
# with Cayley's own server started on the same bolt file as the reference.
# Prints a Markdown table.
#
#   DB=path/to/kg.db bench/start.sh     # an existing bolt store (copied)
#   N=20000 bench/start.sh              # a new store of N synthetic articles
#   DSN=postgres://… N=2000 bench/start.sh  # PostgreSQL: N synthetic articles
#                                       # ingested into that database
#
# A bolt store is copied first (the runs write a snapshot into it); a
# PostgreSQL database is written in place (its snapshot's rows are deleted
# first; psql must be on PATH). Every
# "first answer" is the time from the process's start to the end of the
# answer, asked as soon as the server accepts connections.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
WORK=${WORK:-$(mktemp -d)}
PORT=${PORT:-18098}
export PATH="$PATH:/usr/local/go/bin"
source bench/lib.sh
if [[ -n "${DSN:-}" ]]; then
  go build -o "$WORK/kg" ./cmd/kg
  go build -o "$WORK/gencorpus" ./bench/gencorpus
  echo "== $N synthetic articles, kg ingest into PostgreSQL" >&2
  "$WORK/gencorpus" -n "$N" -seed 1 -o "$WORK/corpus.jsonl"
  "$WORK/kg" ingest -q --db "$DSN" --json "$WORK/corpus.jsonl" >/dev/null
  DB=$DSN
  psql -q "$DSN" -c 'DELETE FROM kg_readmodel_snapshot' 2>/dev/null || true
  snap_mb() { psql -qtA "$DSN" -c 'SELECT coalesce(sum(length(data)), 0) / 1000000 FROM kg_readmodel_snapshot'; }
  store_mb() { psql -qtA "$DSN" -c 'SELECT pg_database_size(current_database()) / 1000000'; }
  cayley_db=(--db postgres --dbpath "$DSN")
else
  synthetic_store
  rm -rf "$WORK/start.db"
  cp -r "$DB" "$WORK/start.db"
  DB="$WORK/start.db"
  rm -f "$DB/readmodel.snap"
  snap_mb() { du -m "$DB/readmodel.snap" | cut -f1; }
  store_mb() { du -sm "$DB/indexes.bolt" | cut -f1; }
  cayley_db=(--db bolt --dbpath "$DB")
fi
base="http://127.0.0.1:$PORT"
now() { date +%s.%N; }
ms() { python3 -c 'import sys; print("%.0f" % (float(sys.argv[1]) * 1000))' "$1"; }
since() { python3 -c "import sys; print($(now) - float(sys.argv[1]))" "$1"; }
cong=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("congress:党的二十大"))')

# start: starts kg serve, sets T0 and UP (seconds until it accepts).
start() {
  T0=$(now)
  "$WORK/kg" serve --timeout 600s --db "$DB" --addr "127.0.0.1:$PORT" --web /nonexistent --write-rate 0 "$@" 2>>"$WORK/serve.log" &
  KG_PID=$!
  for _ in $(seq 6000); do curl -sf -o /dev/null "$base/healthz" && break; sleep 0.01; done
  UP=$(since "$T0")
}
# first URL: seconds from the start to the end of the answer.
first() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 600 "$1")
  [[ $code == 200 ]] || echo "GET $1: $code" >&2
  since "$T0"
}
ready() { until curl -s "$base/healthz" | grep -q '"read_model":"ready"'; do sleep 0.01; done; since "$T0"; }
stop() { kill -TERM "$KG_PID"; wait "$KG_PID" 2>/dev/null || true; }

: >"$WORK/serve.log"
echo "== no snapshot: the model is built from the quads" >&2
start
build_up=$UP
build_congresses=$(first "$base/api/congresses?limit=999")
build_ready=$(ready)
until grep -q "read-model snapshot saved" "$WORK/serve.log"; do sleep 0.1; done
saved=$(grep "read-model snapshot saved" "$WORK/serve.log" | tail -1 | sed 's/.*took=\([^ ]*\).*/\1/')
stop
snap_mb=$(snap_mb)

echo "== snapshot" >&2
declare -A F R
for route in congresses relays stats search; do
  start
  ready >"$WORK/ready.t" & # beside the first request
  POLL=$!
  case $route in
    congresses) F[$route]=$(first "$base/api/congresses?limit=999") ;;
    relays) F[$route]=$(first "$base/api/congresses/$cong/relays?limit=999") ;;
    stats) F[$route]=$(first "$base/api/stats") ;;
    search) F[$route]=$(first "$base/api/search?q=%E6%88%90%E9%83%BD") ;; # 成都
  esac
  wait "$POLL"
  R[$route]=$(cat "$WORK/ready.t")
  load_up=$UP
  stop
done

echo "== snapshot, then writes killed before a save" >&2
start
ready >/dev/null
W=${W:-200}
for i in $(seq "$W"); do
  curl -s -o /dev/null -X POST -H 'Content-Type: text/plain' --data-binary "$(date +%Y)年7月25日，第${i}号工会召开会议，传达学习党的二十届三中全会精神。" "$base/api/articles?id=start-bench-$i"
done
kill -9 "$KG_PID"; wait "$KG_PID" 2>/dev/null || true
start
replay_congresses=$(first "$base/api/congresses?limit=999")
replay_ready=$(ready)
stop

echo "== Cayley's own server on the same store" >&2
( cd "$WORK" && mkdir -p cayleybuild && cd cayleybuild && { [[ -f go.mod ]] || go mod init cayleybuild >/dev/null 2>&1; } &&
  go get github.com/cayleygraph/cayley/cmd/cayley@v0.7.7 >/dev/null 2>&1 &&
  go build -o "$WORK/cayley" github.com/cayleygraph/cayley/cmd/cayley 2>/dev/null )
T0=$(now)
"$WORK/cayley" http "${cayley_db[@]}" --host "127.0.0.1:$((PORT + 1))" >/dev/null 2>&1 &
CAY_PID=$!
for _ in $(seq 6000); do curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 1))/" && break; sleep 0.01; done
cay_up=$(since "$T0")
gizmo="g.V(\"<kg:congress:党的二十大>\").In(\"<kg:relayed>\").Unique().All()"
curl -s -o /dev/null -X POST --data-binary "$gizmo" "http://127.0.0.1:$((PORT + 1))/api/v1/query/gizmo"
cay_first=$(since "$T0")
kill "$CAY_PID"; wait "$CAY_PID" 2>/dev/null || true

echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, \`bench/start.sh\`, ${DSN:+PostgreSQL }store $(store_mb) MB; snapshot $snap_mb MB, saved in $saved."
echo
echo "| after start (ms) | accepting connections | first answer | read model ready |"
echo "|---|---|---|---|"
echo "| no snapshot (built from the quads): congress list | $(ms "$build_up") | $(ms "$build_congresses") | $(ms "$build_ready") |"
for route in congresses relays stats search; do
  echo "| snapshot: $route | $(ms "$load_up") | $(ms "${F[$route]}") | $(ms "${R[$route]}") |"
done
echo "| snapshot + $W articles written since (kill -9): congress list | | $(ms "$replay_congresses") | $(ms "$replay_ready") |"
echo "| reference: Cayley's own server, relays of 党的二十大 through Gizmo | $(ms "$cay_up") | $(ms "$cay_first") | |"
