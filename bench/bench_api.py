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

from monitoring.services.demo import seed_demo  # noqa: E402

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


MIXED = [
    ("/api/v1/operationele-doelen?page_size=100", True),
    ("/api/v1/operationele-doelen/2.3.1.B", True),
    ("/api/v1/meetwaarden?page_size=100", True),
    ("/api/v1/kpis/overgewicht-volwassenen", True),
    ("/api/v1/voortgangsrapportages?page_size=50", True),
    ("/", False),
    ("/doelen/", False),
    ("/doelen/2.1.3.A/", False),
    ("/monitoring/", False),
]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return total


def mixed_load(base: str, token: str, server_pid: int) -> None:
    """API lists and details with a token, and HTML pages, c concurrent clients for a while."""
    concurrency = int(os.environ.get("BENCH_MIXED_CONCURRENCY", "12"))
    seconds = float(os.environ.get("BENCH_MIXED_SECONDS", "30"))

    def one_with_token(path_and_auth):
        path, auth = path_and_auth
        request = urllib.request.Request(base + path)
        if auth:
            request.add_header("Authorization", f"Token {token}")
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                r.read()
                code = r.status
        except urllib.error.HTTPError as e:
            code = e.code
        except OSError:
            code = 0
        return time.perf_counter() - start, code

    deadline = time.perf_counter() + seconds
    results = []

    def worker(n):
        i = n
        out = []
        while time.perf_counter() < deadline:
            out.append(one_with_token(MIXED[i % len(MIXED)]))
            i += concurrency
        return out

    cpu_before, start = cpu_seconds(server_pid), time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for part in pool.map(worker, range(concurrency)):
            results.extend(part)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds(server_pid) - cpu_before
    times = sorted(t * 1000 for t, _ in results)
    q = statistics.quantiles(times, n=100)
    errors = sum(1 for _, code in results if code != 200)
    print(
        f"\nmixed load (API with a token + pages), c={concurrency}, {seconds:.0f} s: "
        f"{len(results) / elapsed:.0f} req/s (goal >= 150), p95 {q[94]:.0f} ms (goal <= 150), "
        f"errors {errors} (goal 0), {cpu / max(len(results), 1) * 1000:.1f} ms CPU per request"
    )


def bench_token() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.services import token_create

    user, _ = get_user_model().objects.get_or_create(username="bench-api")
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    return token_create(user=user, name="bench")[1]


def main() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev",
        "DEBUG": "false",
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
    }
    engine = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(
        f"Database: {engine}; gunicorn 2 workers; {REQUESTS} requests per endpoint, {CONCURRENCY} "
        "concurrent."
    )
    token = bench_token()
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
                mixed_load(base, token, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
