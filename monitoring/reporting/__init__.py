"""The quarterly progress report: schedule, data, rendering, builds and their Celery tasks."""
