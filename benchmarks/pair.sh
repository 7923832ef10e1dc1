#!/bin/sh
# One run of a measure on a copy of a project, with the engine from SRC: for farm-bench's
# pairs of two commits, side by side (docs/benchmarks.md):
#   farm-bench -n 3 --vs "benchmarks/pair.sh cold OLD/src /tmp/a" -- benchmarks/pair.sh cold NEW/src /tmp/b
# MEASURE: cold (build/ and the user's cache removed, then a build), template (a new sentence
# in a chapter, then a build), check. PROJECT: a copy of data/, report/, templates/.
set -eu
measure=$1 src=$2 project=$3
export PYTHONPATH="$src" XDG_CACHE_HOME="$project/home"
cli="${PYTHON:-python3} -m barorapport.cli --quiet --project $project"
case "$measure" in
  cold) rm -rf "$project/build" "$project/home"; exec $cli build --edition 2020 >/dev/null ;;
  template) echo "<p>Phrase $(date +%s%N).</p>" >> "$project/templates/chapters/opinions.html.j2"
            exec $cli build --edition 2020 >/dev/null ;;
  check) exec $cli check --edition 2020 >/dev/null ;;
  *) echo "pair.sh: unknown measure '$measure' (cold, template, check)" >&2; exit 2 ;;
esac
