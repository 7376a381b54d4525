#!/usr/bin/env bash
# The GPU run-book in one command (see bench/RESULTS.md): the locked environment, nothing else
# installed, then every GPU check in <= 8 minutes: one JSON (bench/out/gpu.json) and one table.
#   bash bench/gpu.sh                        # on a GPU
#   bash bench/gpu.sh --device cpu --quick   # anywhere, in a few minutes
set -euo pipefail
cd "$(dirname "$0")/.."
uv sync --frozen --compile-bytecode
exec uv run python bench/gpu.py "$@"
