"""Benchmark: time and peak memory of building the full-plan quarterly report at 1x and 10x.

Each scale runs in a fresh child process, so its peak resident memory (ru_maxrss) is the
report build's own (plus Django). Prints figures; asserts nothing. Goal: <= 5 s, <= 500 MB at 1x.
"""

import datetime as dt
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def child(scale: int) -> None:
    from _django import setup

    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.periods import Period
    from monitoring.reporting.data import report_data
    from monitoring.reporting.render import render_pdf
    from monitoring.services.demo import seed_demo
    from regioplan.models import Plan

    counts = seed_demo(scale=scale, today=dt.date(2026, 11, 23))
    plan = Plan.objects.first()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        data = report_data(plan, Period(2026, 3))
    gathered = time.perf_counter() - start
    pdf, pages = render_pdf(data)
    total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{scale:>5}x {counts['updates']:>8} {len(queries.captured_queries):>8} {gathered:>9.2f} "
        f"{total:>8.2f} {pages:>6} {len(pdf) / 1024:>8.0f} {peak_mb:>9.0f}"
    )


def main() -> None:
    engine = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(
        f"Database: {engine}. Full-plan report for 2026Q3 (all 86 goals), one child process per "
        "scale."
    )
    print(
        f"{'scale':>6} {'updates':>8} {'queries':>8} {'data s':>9} {'total s':>8} {'pages':>6} "
        f"{'KB':>8} {'peak MB':>9}"
    )
    for scale in (1, 10):
        subprocess.run([sys.executable, __file__, "--child", str(scale)], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main()
