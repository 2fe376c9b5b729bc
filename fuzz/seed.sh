#!/bin/sh
# Fills fuzz/corpus/TARGET with seeds from the repository's own files.
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/profile fuzz/corpus/answers fuzz/corpus/roster fuzz/corpus/chapter
cp profiles/*.toml tests/fixtures/profiles/*.toml fuzz/corpus/profile/
cp profiles/*.toml tests/fixtures/answers/*.toml fuzz/corpus/answers/ 2>/dev/null || true
cp profiles/*.csv fuzz/corpus/roster/
cp tests/fixtures/rosters/*.csv fuzz/corpus/roster/ 2>/dev/null || true
cp content/*.md fuzz/corpus/chapter/
