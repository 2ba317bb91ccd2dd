#!/usr/bin/env bash
# Scores `kg extract` on the real-article development set: the gold files
# whose texts are present in texts/ (texts are collected again on each
# machine; see README.md beside this script). Extra arguments go to the
# scorer (--verbose, --json).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${SHARED:-$root/../shared}
kg=${KG:-$root/bin/kg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
have=0 missing=0
for g in "$here"/gold/*.json; do
  id=$(basename "$g" .json)
  if [ -s "$here/texts/$id.txt" ]; then
    cp "$g" "$tmp/"
    have=$((have + 1))
  else
    missing=$((missing + 1))
  fi
done
echo "real set: $have articles scored, $missing without a text on this machine (make real-texts)" >&2
[ "$have" -gt 0 ] || exit 0
# One extraction pass over the texts (the dictionaries load once), split into
# the scorer's per-article files; PER_FILE=1 runs the command per article
# instead, as the scorer's --cmd mode does.
if [ "${PER_FILE:-0}" = 1 ]; then
  python3 "$shared/eval/score.py" --gold "$tmp" --corpus "$here/texts" --cmd "$kg extract --format json {file}" "$@"
  exit
fi
mkdir "$tmp/out"
"$kg" extract --format jsonl "$here/texts" > "$tmp/all.jsonl"
python3 - "$tmp/all.jsonl" "$tmp/out" <<'PY'
import json, os, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        doc = json.loads(line)
        name = os.path.splitext(doc["document"]["source"])[0]
        with open(os.path.join(sys.argv[2], name + ".json"), "w", encoding="utf-8") as out:
            out.write(line)
PY
python3 "$shared/eval/score.py" --gold "$tmp" --outputs "$tmp/out" "$@"
