"""The Celery app, configured from Django settings (CELERY_* names)."""

import os
import threading
import time
from pathlib import Path

from celery import Celery
from celery.signals import worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gezondemarke.settings.dev")

app = Celery("gezondemarke")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def warm_the_pdf_engine(**_kwargs):
    """Import WeasyPrint and lay out one small page in the report's font, once, in the
    worker's main process before it forks its pool: every build then skips the import and the
    font set-up (Pango, fontconfig), about 2 s of a fresh process (bench/bench_report.py:
    "warm worker" against "fresh")."""
    import weasyprint

    html = '<p style="font-family: DejaVu Sans, Verdana, sans-serif">Gezonde Marke</p>'
    try:
        weasyprint.HTML(string=html).write_pdf()
    except Exception:  # a warm-up only; the build itself reports its errors
        pass


ALIVE_EVERY = 15  # seconds


@worker_ready.connect
def keep_telling_the_health_check(**_kwargs):
    """Touch var/worker-alive every 15 s while the worker runs: the container's health check
    reads the file's age instead of starting a whole Celery and Django process."""
    from django.conf import settings

    path = Path(settings.BASE_DIR) / "var" / "worker-alive"

    def touch():
        while True:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch()
            except OSError:
                pass  # a read-only or full disk: the health check will say so
            time.sleep(ALIVE_EVERY)

    threading.Thread(target=touch, name="health-file", daemon=True).start()
