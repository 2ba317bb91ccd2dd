#!/usr/bin/env bash
# End-to-end tests of the web explorer against the real server: installs
# what is missing (Debian's chromium, the npm packages), builds the explorer
# and kg, ingests the sample corpus into a temporary bolt store, starts
# `kg serve` on a free loopback port, waits for /healthz, runs `npm test`
# and stops the server on exit. Screenshots go to web/e2e/artifacts/.
set -euo pipefail

WEB="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$WEB/.." && pwd)"
ARTIFACTS="$WEB/e2e/artifacts"
export PATH="$PATH:/usr/local/go/bin"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

echo "== e2e: browser"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q
    apt-get install -y -q chromium
  else
    echo "e2e: $CHROMIUM is missing (apt-get install -y chromium)" >&2
    exit 1
  fi
fi
# A CJK font makes the screenshots legible; the tests do not need it.
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null)" ] && [ "$(id -u)" = 0 ]; then
  apt-get install -y -q fonts-wqy-zenhei >/dev/null 2>&1 || echo "e2e: no CJK font installed (screenshots only)" >&2
fi

echo "== e2e: npm ci and build"
cd "$WEB"
npm ci --no-audit --no-fund --loglevel=error
npm run build

echo "== e2e: kg build and ingest"
cd "$ROOT"
go build -o "$TMP/kg" ./cmd/kg
"$TMP/kg" ingest --db "$TMP/db" data/sample

PORT="${PORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
URL="http://127.0.0.1:$PORT"
mkdir -p "$ARTIFACTS"
echo "== e2e: kg serve on $URL"
"$TMP/kg" serve --db "$TMP/db" --addr "127.0.0.1:$PORT" --web "$WEB/dist" >"$ARTIFACTS/server.log" 2>&1 &
SERVER_PID=$!

healthy() {
  node -e 'fetch(process.argv[1]).then(r=>r.json()).then(j=>process.exit(j.status==="ok"?0:1),()=>process.exit(1))' "$URL/healthz"
}
for _ in $(seq 1 150); do
  if healthy; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: kg serve exited:" >&2
    cat "$ARTIFACTS/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
if ! healthy; then
  echo "e2e: $URL/healthz never answered" >&2
  cat "$ARTIFACTS/server.log" >&2
  exit 1
fi

echo "== e2e: tests"
cd "$WEB"
KG_URL="$URL" KG_ARTIFACTS="$ARTIFACTS" npm test
echo "e2e: screenshots in $ARTIFACTS"
