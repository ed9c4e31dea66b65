#!/usr/bin/env bash
# Replays the Dockerfile's runtime layout without a Docker engine: `pnpm deploy` of the API with
# production dependencies only, the built console beside it, then starts it with the settings of
# docker-compose.yml pointed at the local PostgreSQL and Redis, and checks /ready and the console.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d -t klerno-container-XXXX)
db="klerno_smoke_$$"
port=$((20000 + RANDOM % 20000))
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bash scripts/pnpm.sh --filter @klerno/api deploy --prod --legacy "$work/app/apps/api" >/dev/null
mkdir -p "$work/app/apps/web" "$work/app/data"
cp -r apps/web/dist "$work/app/apps/web/dist"
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db" >/dev/null

cd "$work/app"
env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production \
  APP_ENV=production HOST=127.0.0.1 PORT="$port" \
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_URL="redis://127.0.0.1:6379" \
  JWT_SECRET="$(node -e "console.log(require('crypto').randomBytes(48).toString('base64'))")" \
  LOG_LEVEL=warn LOG_FORMAT=json CSP_MODE=report-only \
  node apps/api/dist/main.js >"$work/api.log" 2>&1 &
pid=$!

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/ready" >"$work/ready.json" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/api.log"; echo "container smoke: API exited"; exit 1; }
  sleep 0.1
done
grep -q '"db":"ok"' "$work/ready.json" || { cat "$work/ready.json" "$work/api.log"; exit 1; }
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "container smoke: console not served"; exit 1; }
echo "container smoke: ok ($(cat "$work/ready.json"))"
