#!/usr/bin/env bash
# One command on a fresh machine with Node.js 20 and npm: install, build, start API + console on
# embedded SQLite (./data/klerno.db) with no other service and no configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh build
exec bash scripts/pnpm.sh start
