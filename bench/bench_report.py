"""Benchmark: the quarterly report as the board's click costs it, at 1x and at 100x figures.

Two numbers per scale, because they differ and both are real:

- **warm worker**: a Celery worker has imported Django and WeasyPrint and built a report
  before; this is the second build in one process (report_data + render_pdf), which is what a
  queued build costs in a running worker;
- **fresh process**: `manage.py build_report 2026Q3` in a new process, as an operator runs it
  or a worker's first build after a restart: Python and Django start, WeasyPrint and its
  fonts load, then the same build. Wall time and the child's CPU seconds.

The difference is the start: importing Django, WeasyPrint (cffi, Pango) and reading the fonts
(about 2 s of CPU here), plus the first document's CSS and font set-up. Each scale runs in a
child process so its peak memory is its own. 100x: bench/_django.py grow_figures (a decade of
older figures for 60 KPIs at every level: the charts' series grow, the counts do not).
Goal: under 5 s. Prints figures; asserts nothing.
"""

import datetime as dt
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
QUARTER = "2026Q3"
GOAL = 5.0


def child(scale: int) -> None:
    from _django import ROOT, grow_figures, setup, shrink_figures

    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.periods import Period
    from monitoring.reporting.data import report_data
    from monitoring.reporting.render import render_pdf
    from monitoring.services.demo import seed_demo
    from regioplan.models import Plan

    shrink_figures()
    seed_demo(scale=1, today=dt.date(2026, 11, 23))
    figures = grow_figures() if scale == 100 else 0
    plan = Plan.objects.first()
    timings = []
    for _ in range(2):  # the first build warms the process; the second is a warm worker's
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            data = report_data(plan, Period.parse(QUARTER))
        gathered = time.perf_counter() - start
        pdf, pages = render_pdf(data)
        timings.append((gathered, time.perf_counter() - start))
    gathered, warm = timings[-1]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "build_report", QUARTER],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev"},
        check=True,
        capture_output=True,
    )
    fresh = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "ok" if max(warm, fresh) < GOAL else "MISS"
    print(
        f"{scale:>5}x {figures:>8} {len(queries.captured_queries):>8} {gathered:>7.2f} "
        f"{warm:>9.2f} {fresh:>9.2f} {cpu:>8.2f} {pages:>6} {len(pdf) / 1024:>6.0f} "
        f"{peak_mb:>8.0f} {verdict:>5}"
    )
    shrink_figures()


def main() -> None:
    engine = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(
        f"Database: {engine}. Full-plan report for {QUARTER} (all 86 goals); warm worker = "
        "second build in one process; fresh = `manage.py build_report` in a new process. "
        f"Goal < {GOAL:.0f} s."
    )
    print(
        f"{'scale':>6} {'+figures':>8} {'queries':>8} {'data s':>7} {'warm s':>9} {'fresh s':>9} "
        f"{'CPU s':>8} {'pages':>6} {'KB':>6} {'peak MB':>8} {'goal':>5}"
    )
    for scale in (1, 100):
        subprocess.run([sys.executable, __file__, "--child", str(scale)], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main()
