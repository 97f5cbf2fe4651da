#!/usr/bin/env bash
# Fails when dist/ is not exactly what a fresh bundle of src/ produces.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp -d)
cp -R dist "$before/dist"
npm run build --silent >/dev/null
if ! diff -r "$before/dist" dist >/dev/null; then
  echo "dist/ is out of date with src/: run 'npm run build' and commit dist/." >&2
  diff -r "$before/dist" dist | head -40 >&2 || true
  rm -rf "$before"
  exit 1
fi
rm -rf "$before"
echo "dist/ matches a fresh build."
