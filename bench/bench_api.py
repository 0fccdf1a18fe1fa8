"""Benchmark: main API list endpoints under gunicorn (2 workers) at 1x and 10x demo data.

Starts gunicorn on 127.0.0.1, sends a bounded number of requests from a thread pool (loopback
only), prints requests per second and latency percentiles per endpoint, then stops it.
Prints figures; asserts nothing. Uses DATABASE_URL when set, otherwise a scratch SQLite file.
"""

import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import ROOT, setup

setup()

from monitoring.demo import seed_demo  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
ENDPOINTS = [
    "/api/v1/operationele-doelen",
    "/api/v1/operationele-doelen?opgave=2.3&sorteer=-doeljaar",
    "/api/v1/meetwaarden?page_size=100",
    "/api/v1/meetwaarden?kpi=overgewicht-volwassenen&periode_van=2025",
    "/api/v1/voortgangsrapportages?page_size=100",
    "/api/v1/kpis",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            r.read()
            code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    except OSError:
        code = 0
    return time.perf_counter() - start, code


def fetch(url: str) -> tuple[int, dict]:
    import json

    with urllib.request.urlopen(url, timeout=60) as r:
        body = r.read()
    return len(body), json.loads(body)


def full_pull(base: str) -> None:
    """What an integrator pays for the whole plan: the list plus 86 detail calls (1.0), or the
    list with `uitbreiden` (1.1). Requests, bytes and seconds, one client, sequential."""
    print(f"\n{'full pull of the goals':<44}{'requests':>10}{'kB':>10}{'seconds':>10}")
    for label, expand in (("1.0: list + a detail call per goal", False), ("1.1: uitbreiden", True)):
        start = time.perf_counter()
        requests, size, url = 0, 0, base + "/api/v1/operationele-doelen?page_size=100"
        if expand:
            url += "&uitbreiden=tekst,organisaties,initiatieven,kpis"
        codes = []
        while url:
            n, body = fetch(url)
            requests, size = requests + 1, size + n
            codes += [g["code"] for g in body["resultaten"]]
            url = body["volgende"]
        if not expand:
            for code in codes:
                n, _body = fetch(f"{base}/api/v1/operationele-doelen/{code}")
                requests, size = requests + 1, size + n
        elapsed = time.perf_counter() - start
        print(f"{label:<44}{requests:>10}{size / 1024:>10.0f}{elapsed:>10.2f}")


def main() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev",
        "DEBUG": "false",
        "API_THROTTLE_ANON": "1000000/minute",
    }
    engine = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(
        f"Database: {engine}; gunicorn 2 workers; {REQUESTS} requests per endpoint, {CONCURRENCY} "
        "concurrent."
    )
    for scale in (1, 10):
        counts = seed_demo(scale=scale, today=dt.date(2026, 11, 23))
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gezondemarke.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            if one(base + "/api/v1/gemeenten")[1] == 200:
                break
            time.sleep(0.1)
        print(f"\nscale {scale}x ({counts['figures']} figures, {counts['updates']} updates)")
        print(f"{'endpoint':<66}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        try:
            for path in ENDPOINTS:
                for _ in range(5):
                    one(base + path)  # warm up
                start = time.perf_counter()
                with ThreadPoolExecutor(CONCURRENCY) as pool:
                    results = list(pool.map(lambda _: one(base + path), range(REQUESTS)))
                elapsed = time.perf_counter() - start
                times = sorted(t * 1000 for t, _ in results)
                errors = sum(1 for _, code in results if code != 200)
                q = statistics.quantiles(times, n=100)
                print(
                    f"{path:<66}{REQUESTS / elapsed:>8.0f}"
                    f"{q[49]:>9.1f}{q[94]:>9.1f}{q[98]:>9.1f}{errors:>8}"
                )
            if scale == 1:
                full_pull(base)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
