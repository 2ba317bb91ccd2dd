#!/usr/bin/env bash
# What a write costs the answers after it, on a large store: kg serve with
# a write token on an existing store, warmed; then W times, one write of a
# synthetic article under a new ID and one request of each route (each
# answer is whatever the write left kept or made compute); the articles
# written are deleted at the end, leaving the store as it was. Prints the
# write's and each route's p50, p90 and max in ms. Run it with two binaries one
# after the other (KG=) to compare two versions on the same store.
#
#   DB=/tmp/k100/kg.db CORPUS=/tmp/k100/corpus.jsonl bench/afterwrite.sh
#
# Knobs: DB (a bolt store, required), CORPUS (the JSONL corpus it was made
# from, required: articles from line FROM on are written), W (writes,
# default 30), FROM (default 50000), MATCH (write only articles whose text
# holds it, as 二十大 for writes that relay the largest congress), KG (a kg binary, default one built
# from this checkout), PORT (default 18099), ROUTES (space-separated paths,
# default the slogan list, 职工之家's page, 中华全国总工会's profile, the
# congress list, 党的二十大's relays and a path).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
: "${DB:?DB names the store}" "${CORPUS:?CORPUS names its corpus}"
W=${W:-30}
FROM=${FROM:-50000}
PORT=${PORT:-18099}
WORK=$(mktemp -d)
KG_PID=
source bench/lib.sh
cleanup() {
  stop_kg
  rm -rf "$WORK"
}
trap cleanup EXIT
kg_binary "$WORK/kg"
q() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=":"))' "$1"; }
ROUTES=${ROUTES:-"/api/slogans /api/slogans/$(q slogan:职工之家) /api/bodies/$(q union:中华全国总工会) /api/congresses /api/congresses/$(q congress:党的二十大)/relays /api/graph/path?from=$(q union:西藏自治区总工会)&max=4&to=$(q congress:党的二十大)"}
base="http://127.0.0.1:$PORT"
"$WORK/kg" serve --token afterwrite --write-rate 0 --timeout 60s --db "$DB" --addr "127.0.0.1:$PORT" --web /nonexistent 2>"$WORK/serve.log" &
KG_PID=$!
until curl -s "$base/healthz" | grep -q '"read_model":"ready"'; do sleep 0.2; done
for _ in $(seq 1200); do grep -aq "parts of answers computed" "$WORK/serve.log" && break; sleep 0.5; done
# shellcheck disable=SC2086
python3 - "$base" "$CORPUS" "$W" "$FROM" "${MATCH:-}" $ROUTES <<'EOF'
import json, sys, time, urllib.parse, urllib.request

base, corpus, w, first, match, routes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6:]

def call(method, path, body=None):
    req = urllib.request.Request(base + path, data=body, method=method)
    req.add_header("Authorization", "Bearer afterwrite")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    t = time.time()
    with urllib.request.urlopen(req, timeout=120) as resp:
        resp.read()
    return (time.time() - t) * 1000

articles = []
with open(corpus) as f:
    for i, line in enumerate(f):
        if i >= first:
            a = json.loads(line)
            if match in a.get("text", ""):
                articles.append(a)
        if len(articles) == w:
            break
writes, times = [], {r: [] for r in routes}
for i, a in enumerate(articles):
    a = dict(a, id="afterwrite-%05d" % i)
    writes.append(call("POST", "/api/articles", json.dumps(a).encode()))
    for r in routes:
        times[r].append(call("GET", r))
for i in range(len(articles)):
    call("DELETE", "/api/articles/afterwrite-%05d" % i)

def pct(xs, p):
    return sorted(xs)[len(xs) * p // 100]

print("| after a write | p50 ms | p90 ms | max ms |")
print("|---|---|---|---|")
print("| the write | %.1f | %.1f | %.1f |" % (pct(writes, 50), pct(writes, 90), max(writes)))
for r in routes:
    print("| `%s` | %.1f | %.1f | %.1f |" % (urllib.parse.unquote(r), pct(times[r], 50), pct(times[r], 90), max(times[r])))
EOF
