#!/usr/bin/env bash
# Hostile Gizmo queries against a real kg serve on the sample graph (issue
# 17): g.V() followed by 20 Both() then Count(), alone and four at once,
# while the server's RSS and CPU are sampled every 0.25 s; during the four,
# a simple query and an authenticated article write are timed. Prints one
# block per phase: the answers (status, time, body), then "t rss cpu%"
# samples. Everything runs on loopback and stops by itself.
#
#   bench/hostile.sh                  # builds kg from this tree
#   KG=/path/to/kg bench/hostile.sh   # measures another build (e.g. before a change)
#
# Knobs: KG (binary), PORT (default 18083), WATCH (seconds sampled after
# the queries are sent, default 15), BOTH (number of Both(), default 20),
# EXTRA (more flags for kg serve).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
PORT=${PORT:-18083}
WATCH=${WATCH:-15}
BOTH=${BOTH:-20}
WORK=$(mktemp -d)
KG_PID=
cleanup() {
  if [[ -n "$KG_PID" ]]; then
    # A server whose queries never stop does not shut down gracefully.
    kill "$KG_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$KG_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$KG_PID" 2>/dev/null || true
    wait "$KG_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
KG=${KG:-}
if [[ -z "$KG" ]]; then
  go build -o "$WORK/kg" ./cmd/kg
  KG=$WORK/kg
fi
"$KG" ingest -q --db "$WORK/db" data/sample > /dev/null
TOKEN=bench-token
"$KG" serve --db "$WORK/db" --addr "127.0.0.1:$PORT" --web /nonexistent --token "$TOKEN" --allowed-host 127.0.0.1 ${EXTRA:-} 2> "$WORK/serve.log" &
KG_PID=$!
URL=http://127.0.0.1:$PORT
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null && break
  sleep 0.1
done

QUERY="g.V()$(printf '.Both()%.0s' $(seq "$BOTH")).Count()"
SIMPLE='g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Count()'

# query NAME BODY: posts a Gizmo query, prints "NAME status seconds body".
query() {
  curl -sS -o "$WORK/$1.body" -w "%{http_code} %{time_total}" --max-time 60 \
    -X POST --data-binary "$2" "$URL/api/v1/query/gizmo" > "$WORK/$1.status" || echo "000 60" > "$WORK/$1.status"
  echo "$1 $(cat "$WORK/$1.status") $(head -c 120 "$WORK/$1.body")"
}

# write: posts an article with the token, prints "write status seconds".
write() {
  local body
  body=$(printf '{"id":"bench-hostile-%s","title":"测试","text":"成都市总工会召开会议，传达学习党的二十大精神。"}' "$(date +%s%N)")
  curl -sS -o /dev/null -w "write %{http_code} %{time_total}\n" --max-time 30 \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -X POST --data-binary "$body" "$URL/api/articles" || echo "write 000 30"
}

# sample SECONDS: prints "t rss_mib cpu%" every 0.25 s.
sample() {
  local hz prev now t0 end rss
  hz=$(getconf CLK_TCK)
  t0=$(date +%s.%N)
  end=$(echo "$t0 + $1" | bc)
  prev=$(awk '{print $14+$15}' "/proc/$KG_PID/stat")
  local pt=$t0
  while (( $(echo "$(date +%s.%N) < $end" | bc) )); do
    sleep 0.25
    now=$(awk '{print $14+$15}' "/proc/$KG_PID/stat")
    local nt
    nt=$(date +%s.%N)
    rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$KG_PID/status")
    printf '%.2f %d %.0f\n' "$(echo "$nt - $t0" | bc)" "$rss" "$(echo "($now - $prev) * 100 / $hz / ($nt - $pt)" | bc -l)"
    prev=$now
    pt=$nt
  done
}

echo "== idle: rss $(awk '/VmRSS/ {print int($2/1024)}' "/proc/$KG_PID/status") MiB"
echo "== simple query alone"
query simple0 "$SIMPLE"
echo "== one: $QUERY"
query one "$QUERY" &
QP=$!
sample "$WATCH"
wait "$QP" || true
echo "== four at once, a simple query and a write after 1 s"
PIDS=()
for i in 1 2 3 4; do
  query "four$i" "$QUERY" &
  PIDS+=($!)
done
(sleep 1; query simple "$SIMPLE"; write) &
PIDS+=($!)
sample "$WATCH"
wait "${PIDS[@]}" || true
echo "== stops counted"
curl -sS "$URL/metrics" | grep '^kg_gizmo_queries_stopped_total' || echo "(no such metric)"
