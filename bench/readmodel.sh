#!/usr/bin/env bash
# Fresh (uncached) answers of the REST routes from the read model, against
# the same routes answered from the store (--no-read-model) and against
# Cayley's own Gizmo server on the same bolt file for the relays question,
# all in one run. Prints a Markdown table.
#
#   bench/readmodel.sh                  # 20,000 synthetic articles
#   N=100000 bench/readmodel.sh         # the graph of bench/run.sh
#   DB=path/to/kg.db bench/readmodel.sh # an existing bolt store
#
# Every request of a route has a URL of its own (a distinct limit or a
# dummy parameter), so that none is answered from the answer cache: each
# is computed. K (default 40) such answers per route from the read model,
# KS (default 5; 0 leaves the store out) from the store.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
K=${K:-40}
KS=${KS:-5}
WORK=${WORK:-$(mktemp -d)}
PORT=${PORT:-18097}
export PATH="$PATH:/usr/local/go/bin"
source bench/lib.sh
GIVEN_DB=${DB:-}
synthetic_store
base="http://127.0.0.1:$PORT"
ms() { python3 -c 'import sys; print("%.1f" % (float(sys.argv[1]) * 1000))' "$1"; }
now() { date +%s.%N; }

# time_of URL: seconds for one answer (status checked).
time_of() {
  local out
  out=$(curl -s -o "$WORK/answer" -w '%{http_code} %{time_total}' --max-time 600 "$1")
  [[ ${out%% *} == 200 ]] || { echo "GET $1: ${out%% *}: $(head -c 300 "$WORK/answer")" >&2; return 1; }
  echo "${out##* }"
}

# percentiles of the numbers on standard input: p50 and p99 in ms.
pct() {
  python3 -c '
import sys
xs = sorted(float(x) * 1000 for x in sys.stdin.read().split())
def p(q): return xs[min(len(xs) - 1, int(q * len(xs)))]
print("%.1f / %.1f ms (%d answers)" % (p(0.5), p(0.99), len(xs)))'
}

serve() { # serve FLAGS...: starts kg serve, waits until it answers
  "$WORK/kg" serve --read-only --timeout 600s --db "$DB" --addr "127.0.0.1:$PORT" --web /nonexistent "$@" 2>"$WORK/serve.log" &
  KG_PID=$!
  local t0; t0=$(now)
  for _ in $(seq 600); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.05; done
  UP_S=$(python3 -c "print($(now) - $t0)")
}

cong=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("congress:党的二十大"))')
declare -A URL
routes=(relays congresses stats search search1 body person slogans path)

pick_ids() {
  # The union with the most articles (the list's first may be another kind
  # of body, without officials).
  BODY=$(curl -s "$base/api/bodies?limit=50" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote([b for b in json.load(sys.stdin)["items"] if b["type"] == "Union"][0]["id"]))')
  PERSON=$(curl -s "$base/api/bodies/$BODY" | python3 -c 'import json,sys,urllib.parse; o=json.load(sys.stdin)["officials"]; print(urllib.parse.quote(o[0]["person"]["id"]) if o else "")')
}
url_of() { # url_of ROUTE I: the I-th distinct URL of a route
  case $1 in
    relays) echo "$base/api/congresses/$cong/relays?limit=$((1000 - $2))" ;;
    congresses) echo "$base/api/congresses?limit=$((1000 - $2))" ;;
    stats) echo "$base/api/stats?n=$2" ;;
    search) echo "$base/api/search?q=%E6%80%BB%E5%B7%A5%E4%BC%9A&limit=$((100 - $2 % 100))&n=$2" ;;
    search1) echo "$base/api/search?q=%E4%BC%9A&limit=$((100 - $2 % 100))&n=$2" ;; # 会: one character, most names
    body) echo "$base/api/bodies/$BODY?n=$2" ;;
    person) echo "$base/api/persons/$PERSON?n=$2" ;;
    slogans) echo "$base/api/slogans?limit=$((1000 - $2))" ;;
    path) echo "$base/api/graph/path?from=$PERSON&to=$cong&max=4&n=$2" ;; # an official to the largest congress
  esac
}

declare -A MODEL STORE
echo "== read model" >&2
t0=$(now)
serve
until curl -s "$base/healthz" | grep -q '"read_model":"ready"'; do sleep 0.05; done
ready_s=$(python3 -c "print($(now) - $t0)")
model_up=$UP_S
for _ in $(seq 1200); do grep -q "parts of answers computed" "$WORK/serve.log" && break; sleep 0.5; done
parts_s=$(python3 -c "print($(now) - $t0)")
rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$KG_PID/status")
# Allocated (garbage included) and live after the last collection: the
# first moves with when the collector last ran.
heap=$(curl -s "$base/metrics" | awk '/^go_memstats_heap_alloc_bytes/ {a = int($2 / 1048576)} /^kg_go_heap_live_bytes/ {l = int($2 / 1048576)} END {print a " MiB allocated, " l}')
pick_ids
for r in "${routes[@]}"; do
  MODEL[$r]=$(for i in $(seq 0 $((K - 1))); do time_of "$(url_of "$r" "$i")"; done | pct)
  echo "$r: ${MODEL[$r]}" >&2
done
first_relays=$(time_of "$(url_of relays 900)")
kill "$KG_PID"; wait "$KG_PID" 2>/dev/null || true

store_rss=- store_up=-
if (( KS > 0 )); then
  echo "== the store (--no-read-model)" >&2
  serve --no-read-model
  store_up=$(ms "$UP_S")
  store_rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$KG_PID/status")
  for r in "${routes[@]}"; do
    STORE[$r]=$(for i in $(seq 0 $((KS - 1))); do time_of "$(url_of "$r" "$i")"; done | pct)
    echo "$r: ${STORE[$r]}" >&2
  done
  kill "$KG_PID"; wait "$KG_PID" 2>/dev/null || true
fi

echo "== Cayley's own Gizmo server on the same bolt file" >&2
( cd "$WORK" && mkdir -p cayleybuild && cd cayleybuild && { [[ -f go.mod ]] || go mod init cayleybuild >/dev/null 2>&1; } &&
  go get github.com/cayleygraph/cayley/cmd/cayley@v0.7.7 >/dev/null 2>&1 &&
  go build -o "$WORK/cayley" github.com/cayleygraph/cayley/cmd/cayley 2>/dev/null )
"$WORK/cayley" http --db bolt --dbpath "$DB" --host "127.0.0.1:$((PORT + 1))" >/dev/null 2>&1 &
CAY_PID=$!
# Cayley opens a large bolt file in tens of seconds when it is not cached.
for _ in $(seq 1200); do curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 1))/" && break; sleep 0.25; done
gizmo="g.V(\"<kg:congress:党的二十大>\").In(\"<kg:relayed>\").Unique().All()"
cayley=$(for _ in $(seq "$K"); do
  curl -s -o /dev/null -w '%{time_total}\n' -X POST --data-binary "$gizmo" "http://127.0.0.1:$((PORT + 1))/api/v1/query/gizmo"
done | pct)
kill "$CAY_PID"; wait "$CAY_PID" 2>/dev/null || true

articles=$(python3 -c 'import sys; print(sys.argv[1])' "$N")
if [[ -n $GIVEN_DB ]]; then what="the store $GIVEN_DB"; else what="$articles synthetic articles"; fi
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, \`bench/readmodel.sh\` on $what."
echo
echo "| route, fresh answers (p50 / p99) | read model | store (\`--no-read-model\`) |"
echo "|---|---|---|"
for r in "${routes[@]}"; do echo "| $r | ${MODEL[$r]} | ${STORE[$r]:--} |"; done
echo "| relays question through Cayley's own Gizmo server (\`g.V(c).In(relayed).Unique().All()\`), same bolt file | | $cayley |"
echo "| server answering after start | $(ms "$model_up") ms; read model ready after $(ms "$ready_s") ms | $store_up ms |"
echo "| parts of answers computed (kg serve's warm-up) after | $(ms "$parts_s") ms | |"
echo "| server memory after start (RSS; Go heap) | $rss MiB; $heap MiB live | $store_rss MiB |"
echo "| first relays answer once ready | $(ms "$first_relays") ms | |"
