#!/usr/bin/env bash
# Runs the pnpm version pinned in package.json, fetching it through npx when it is not installed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
want=$(node -p "require('$root/package.json').packageManager.split('@')[1]")
# better-sqlite3 builds against the machine's Node headers when no prebuilt binary can be fetched.
if [ -z "${npm_config_nodedir:-}" ] && [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
if [ "$(pnpm --version 2>/dev/null || true)" = "$want" ]; then
  exec pnpm "$@"
fi
exec npx --yes "pnpm@$want" "$@"
