"""The Celery app, configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gezondemarke.settings.dev")

app = Celery("gezondemarke")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def warm_the_pdf_engine(**_kwargs):
    """Import WeasyPrint once in the worker's main process, before it forks its pool: each
    report then skips the 1-1.5 s import (bench/bench_report.py measures a cold build)."""
    import weasyprint  # noqa: F401
