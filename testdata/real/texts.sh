#!/usr/bin/env bash
# Lists the real-set articles whose texts are missing on this machine, with
# the address and the query that finds each. The texts are search results and
# are never committed: collect each by running its query in the `pages`
# corpus of the search tool and saving the excerpt of the result with that
# address, unchanged, as texts/<id>.txt (README.md beside this script).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/texts"
n=0 missing=0
while IFS=$'\t' read -r id url query kind desc; do
  case "$id" in ''|'#'*|id) continue ;; esac
  n=$((n + 1))
  if [ ! -s "$here/texts/$id.txt" ]; then
    missing=$((missing + 1))
    printf '%s\t%s\t%s\n' "$id" "$url" "$query"
  fi
done < "$here/SOURCES.tsv"
echo "$((n - missing)) of $n texts present in $here/texts; $missing to collect" >&2
