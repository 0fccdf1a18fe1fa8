#!/usr/bin/env bash
# Run the Compose stack the way docs/operations.md tells an operator to (.env from
# .env.example, with generated secrets) and check it: every service healthy, public pages
# answer through the public host name, /readyz ready, a report builds in the worker. The
# stack and its volumes are removed afterwards. Needs docker with compose (v2 or v1) and the
# images: ../shared/tools/compose/ builds local stand-ins where no registry is reachable.
set -euo pipefail
cd "$(dirname "$0")/.."

compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi
}
export COMPOSE_PROJECT_NAME="gmsmoke$$"
env_file=$(mktemp)
secret() { python3 -c "import secrets; print(secrets.token_urlsafe($1))"; }
sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$(secret 50)|" \
    -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$(secret 24)|" .env.example >"$env_file"
host=$(sed -n 's|^PORTAL_BASE_URL=https\?://\([^/]*\).*|\1|p' "$env_file")
cleanup() { compose --env-file "$env_file" down -v >/dev/null 2>&1 || true; rm -f "$env_file"; }
trap cleanup EXIT

compose --env-file "$env_file" up -d --build

health() { docker inspect --format '{{.State.Health.Status}}' "$(compose --env-file "$env_file" ps -q "$1")"; }
for service in web worker; do
  for _ in $(seq 1 60); do
    [ "$(health "$service")" = healthy ] && break
    sleep 5
  done
  [ "$(health "$service")" = healthy ] || { echo "FAIL: $service is not healthy"; exit 1; }
  echo "ok: $service healthy"
done

get() {  # path -> HTTP status through the public host name (as the TLS proxy would send it)
  curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" -H "X-Forwarded-Proto: https" \
    "http://127.0.0.1:8000$1"
}
for path in / /doelen/ /monitoring/ /monitoring/kpis/ /participatie/ /open-data/ /api/v1/kpis; do
  status=$(get "$path")
  [ "$status" = 200 ] || { echo "FAIL: $path answered $status"; exit 1; }
  echo "ok: $path 200"
done
[ "$(get /readyz)" = 200 ] || { echo "FAIL: /readyz is not ready"; exit 1; }
echo "ok: /readyz 200"

built=$(compose --env-file "$env_file" exec -T worker python manage.py build_report 2025Q4 2>&1) || true
echo "$built" | grep -q '\.pdf' || { echo "FAIL: no report built in the worker:"; echo "$built" | tail -20; exit 1; }
echo "ok: a report builds in the worker ($(echo "$built" | tail -1))"
echo "compose smoke: all checks passed"
