#!/usr/bin/env bash
# Production-like processes on this machine: gunicorn, a Celery worker and beat, with
# production settings unless DJANGO_SETTINGS_MODULE says otherwise.
# Ctrl-C, SIGTERM or the death of any one of them stops all three (exit status of the first).
set -uo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL (docs/operations.md)}" "${REDIS_URL:?set REDIS_URL}"
BIN=.venv/bin
BIND="${BIND:-127.0.0.1}"
PORT="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-gezondemarke.settings.production}"
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://$BIND:$PORT}"
SCHEDULE="${BEAT_SCHEDULE_FILE:-var/celerybeat-schedule}"
mkdir -p var "$(dirname "$SCHEDULE")" "${MEDIA_ROOT:-media}"

pids=()
stop() {
  trap - INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
}
trap 'stop; exit 0' INT TERM

"$BIN/gunicorn" gezondemarke.wsgi --bind "$BIND:$PORT" --workers "${WEB_WORKERS:-2}" \
  --threads "${WEB_THREADS:-4}" \
  --access-logfile - --graceful-timeout 20 &
pids+=($!)
"$BIN/celery" -A gezondemarke worker --loglevel INFO --concurrency "${WORKER_CONCURRENCY:-2}" &
pids+=($!)
"$BIN/celery" -A gezondemarke beat --loglevel INFO --schedule "$SCHEDULE" &
pids+=($!)
echo "Gezonde Marke: $PORTAL_BASE_URL/ (web, worker en beat draaien; Ctrl-C stopt ze)"

# Whichever child ends first (a crash, a port in use), the others go with it: a half-running
# portal would look healthy to one check and fail another.
wait -n "${pids[@]}"
status=$?
echo "serve: a process ended (exit $status); stopping the others" >&2
stop
exit "$status"
