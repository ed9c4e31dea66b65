#!/usr/bin/env bash
# Every test: unit, PostgreSQL/Redis integration, SDK packaging and browser tests, with coverage.
# Needs PostgreSQL and Redis on 127.0.0.1 and Chromium at /usr/bin/chromium (.ci/run provides them).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/.pnpm ]; then bash scripts/pnpm.sh install --frozen-lockfile; fi
bash scripts/pnpm.sh exec turbo run build
exec bash scripts/pnpm.sh exec vitest run --coverage "$@"
