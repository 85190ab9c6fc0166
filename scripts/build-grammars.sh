#!/usr/bin/env bash
# Rebuilds grammars/*.wasm: copies the C# and PowerShell wasm from their npm packages and compiles the XML grammar
# (whose package ships only C sources) with Debian's emscripten. Run after bumping a grammar or web-tree-sitter.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/grammars"
NM="$ROOT/node_modules"
cp "$NM/tree-sitter-c-sharp/tree-sitter-c_sharp.wasm" "$OUT/"
cp "$NM/tree-sitter-powershell/tree-sitter-powershell.wasm" "$OUT/"
command -v emcc >/dev/null || { echo "emcc not found: apt-get install emscripten" >&2; exit 1; }
XML="$NM/@tree-sitter-grammars/tree-sitter-xml/xml/src"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
( cd "$WORK" && emcc -Os -s WASM=1 -s SIDE_MODULE=2 -s "EXPORTED_FUNCTIONS=['_tree_sitter_xml']" \
    -I "$XML" "$XML/parser.c" "$XML/scanner.c" -o tree-sitter-xml.wasm )
cp "$WORK/tree-sitter-xml.wasm" "$OUT/"
ls -l "$OUT"/*.wasm
