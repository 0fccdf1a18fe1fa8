#!/usr/bin/env bash
# Run web (gunicorn), worker and beat in the foreground; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL}" "${REDIS_URL:?set REDIS_URL}"
BIN=.venv/bin
PORT="${PORT:-8000}"
pids=()
"$BIN/gunicorn" gezondemarke.wsgi --bind "${BIND:-127.0.0.1}:$PORT" --workers "${WEB_WORKERS:-2}" --access-logfile - &
pids+=($!)
"$BIN/celery" -A gezondemarke worker --loglevel INFO --concurrency "${WORKER_CONCURRENCY:-2}" &
pids+=($!)
"$BIN/celery" -A gezondemarke beat --loglevel INFO --schedule "${BEAT_SCHEDULE_FILE:-var/celerybeat-schedule}" &
pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait' INT TERM
echo "Gezonde Marke: http://${BIND:-127.0.0.1}:$PORT/ (web, worker en beat draaien)"
wait -n "${pids[@]}"
kill "${pids[@]}" 2>/dev/null || true
wait
