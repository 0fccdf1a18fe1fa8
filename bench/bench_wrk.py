"""Benchmark: a wrk mix of 10 API paths (programme-team token) and 4 HTML pages, 12 connections.

The load an integrator and readers make together, measured the way an operator would: `wrk`
(Debian's package; `make bench` installs it when missing) against gunicorn started as
scripts/serve.sh starts it (WEB_WORKERS workers of WEB_THREADS threads). wrk rotates over the 14
paths; its Lua `done()` prints the 95th percentile. A trivial path (/healthz, no database)
runs the same way first (/healthz, answered before the page stack): on a shared machine the
mix is read against it.
Goal: at least 300 requests per second with p95 under 100 ms. Prints figures; asserts nothing.
"""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import ROOT, setup

setup()

from monitoring.services.demo import seed_demo  # noqa: E402

API_PATHS = [
    "/api/v1/operationele-doelen",
    "/api/v1/operationele-doelen?opgave=2.3&sorteer=-doeljaar",
    "/api/v1/meetwaarden?page_size=100",
    "/api/v1/meetwaarden?kpi=overgewicht-volwassenen&periode_van=2025",
    "/api/v1/voortgangsrapportages?page_size=100",
    "/api/v1/kpis",
    "/api/v1/kpis/overgewicht-volwassenen/reeks",
    "/api/v1/organisaties",
    "/api/v1/toezeggingen",
    "/api/v1/gemeenten",
]
PAGES = ["/", "/doelen/", "/doelen/2.1.3.A/", "/monitoring/"]
CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "12"))
SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "20"))
RPS_GOAL, P95_GOAL = 300, 100.0

LUA = """
local paths = {%(paths)s}
local token = "%(token)s"
local i = 0
request = function()
  i = i + 1
  local p = paths[(i %% #paths) + 1]
  if p.api then
    return wrk.format("GET", p.path, {["Authorization"] = "Token " .. token})
  end
  return wrk.format("GET", p.path)
end
done = function(summary, latency, requests)
  io.write(string.format("P95_MS %%.2f\\n", latency:percentile(95) / 1000))
  io.write(string.format("ERRORS %%d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def bench_token() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.services import token_create

    user, _ = get_user_model().objects.get_or_create(username="bench-wrk")
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    return token_create(user=user, name="bench-wrk")[1]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_wrk(base: str, script: Path) -> tuple[float, float, int]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p95 = float(re.search(r"P95_MS ([\d.]+)", out).group(1))
    errors = int(re.search(r"ERRORS (\d+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p95, errors + (int(non_2xx.group(1)) if non_2xx else 0)


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk); skipped.")
        return
    seed_demo(scale=1, today=dt.date(2026, 11, 23))
    token = bench_token()
    workers, threads = os.environ.get("WEB_WORKERS", "2"), os.environ.get("WEB_THREADS", "4")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev",
        "DEBUG": "false",
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
    }
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gezondemarke.wsgi",
            "--workers",
            workers,
            "--threads",
            threads,
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        engine = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
        print(
            f"Database: {engine}; gunicorn {workers} workers x {threads} threads; wrk -t2 "
            f"-c{CONNECTIONS} -d{SECONDS}s."
        )
        print(f"{'load':<44}{'req/s':>8}{'p95 ms':>9}{'errors':>8}{'goal':>22}")
        with tempfile.TemporaryDirectory() as tmp:
            trivial = Path(tmp) / "trivial.lua"
            trivial.write_text(LUA % {"paths": '{path="/healthz", api=false}', "token": ""})
            mix = Path(tmp) / "mix.lua"
            entries = [f'{{path="{p}", api=true}}' for p in API_PATHS]
            entries += [f'{{path="{p}", api=false}}' for p in PAGES]
            mix.write_text(LUA % {"paths": ", ".join(entries), "token": token})
            for path in [*API_PATHS, *PAGES]:  # warm: every worker's caches, once
                for _ in range(4):
                    request = urllib.request.Request(base + path)
                    if path.startswith("/api/"):
                        request.add_header("Authorization", f"Token {token}")
                    urllib.request.urlopen(request, timeout=30).read()
            rps, p95, errors = run_wrk(base, trivial)
            print(f"{'trivial (/healthz)':<44}{rps:>8.0f}{p95:>9.1f}{errors:>8}")
            rps, p95, errors = run_wrk(base, mix)
            verdict = "ok" if rps >= RPS_GOAL and p95 < P95_GOAL and not errors else "MISS"
            print(
                f"{'mix: 10 API paths (token) + 4 pages':<44}{rps:>8.0f}{p95:>9.1f}{errors:>8}"
                f"{f'>= {RPS_GOAL}/s, < {P95_GOAL:.0f} ms':>19} {verdict}"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
