"""Load and fault runs on this machine (not part of the test suite). Prints what happened.

Needs PostgreSQL and Redis on 127.0.0.1 and root (it stops and starts them). It creates its
own database `gezondemarke_load` with the plan and 10x demo data, then runs gunicorn (2
workers), a Celery worker and beat, and:

  load    a bounded mix of anonymous browsing, API polling (with ETags) and partner
          submissions; prints req/s, p50/p95/p99 and errors; counts the submissions in the DB
  redis   stops Redis while users browse and the board requests a report; pages must keep
          serving; the report must run after Redis returns
  worker  kills the worker (SIGKILL) while it builds a report; after a restart the report
          must complete exactly once
  postgres restarts PostgreSQL during load: requests must fail with a clean 503 and recover
          without restarting the web process

Usage: .venv/bin/python bench/load_and_faults.py [load] [redis] [worker] [postgres]
All traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

import http.cookiejar
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB = "gezondemarke_load"
PORT = 8077
BASE = f"http://127.0.0.1:{PORT}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev",
    "DEBUG": "false",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "REDIS_URL": "redis://127.0.0.1:6379/13",
    "API_THROTTLE_ANON": "1000000/minute",
    "API_THROTTLE_USER": "1000000/minute",
    "PARTICIPATIE_RATE_LIMIT": "1000000",
    "CELERY_VISIBILITY_TIMEOUT": "20",
    "MEDIA_ROOT": str(ROOT / "var" / "load-media"),
}
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
procs: dict[str, subprocess.Popen] = {}


def manage(*args, check=True):
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True, check=check
    )


def shell(code: str) -> str:
    return manage("shell", "-c", code).stdout.strip()


def prepare():
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-qc",
            f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)',
        ],
        check=True,
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f'CREATE DATABASE "{DB}"'], check=True
    )
    for args in (
        ["migrate", "-v0"],
        ["load_regioplan", "-v0"],
        ["setup_demo"],
        ["seed_demo", "--scale", "10"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        manage(*args)
    key = shell(
        "from regioplan.models import *; from accounts.models import User; from accounts.services "
        "import token_create;"
        "u=User.objects.get(username='partner-ggd'); o=u.organisation;"
        "GoalOrganisation.objects.bulk_create([GoalOrganisation(goal=g, organisation=o, "
        "role='partner') for g in "
        "OperationalGoal.objects.exclude(organisation_links__organisation=o)]);"
        "print(token_create(user=u, name='load')[1])"
    )
    return key.splitlines()[-1]


def start(name):
    if name == "web":
        cmd = [
            PY,
            "-m",
            "gunicorn",
            "gezondemarke.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ]
    elif name == "worker":
        cmd = [
            PY,
            "-m",
            "celery",
            "-A",
            "gezondemarke",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
        ]
    else:
        cmd = [
            PY,
            "-m",
            "celery",
            "-A",
            "gezondemarke",
            "beat",
            "--loglevel",
            "WARNING",
            "--schedule",
            str(ROOT / "var" / "load-beat-schedule"),
        ]
    procs[name] = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / f"load-{name}.log", "w"),
    )
    if name == "web":
        for _ in range(100):
            if fetch("/healthz")[0] == 200:
                return
            time.sleep(0.2)


def stop_all():
    for p in procs.values():
        if p.poll() is None:
            p.terminate()
    for p in procs.values():
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()


def fetch(path, data=None, headers=None, method=None, opener=None):
    req = urllib.request.Request(BASE + path, data=data, headers=headers or {}, method=method)
    start = time.perf_counter()
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=30) as r:
            body = r.read()
            return r.status, time.perf_counter() - start, body
    except urllib.error.HTTPError as e:
        return e.code, time.perf_counter() - start, e.read()
    except OSError:
        return 0, time.perf_counter() - start, b""


class Session:
    def __init__(self, username):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.post_form("/inloggen/", {"username": username, "password": "demo-gezondemarke"})

    def post_form(self, path, data):
        page = fetch(path, opener=self.opener)[2].decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return fetch(
            path,
            urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode(),
            {"Referer": BASE + path},
            opener=self.opener,
        )


def load(key, seconds=30, threads=8):
    """Bounded mixed load; returns (stats, submissions created)."""
    pages = [
        "/",
        "/doelen/",
        "/doelen/2.3.1.B/",
        "/opgaven/2.2/",
        "/monitoring/",
        "/participatie/",
        "/monitoring/kpis/overgewicht-volwassenen/",
    ]
    results: list[tuple[str, int, float]] = []
    created = Counter()
    lock = threading.Lock()
    deadline = time.time() + seconds
    goals = [
        f"2.{t}.{s}.{c}"
        for t, s, c in [
            (3, 1, "A"),
            (3, 1, "B"),
            (3, 2, "A"),
            (3, 2, "B"),
            (3, 2, "C"),
            (4, 1, "F"),
            (4, 1, "I"),
            (6, 4, "A"),
            (2, 2, "A"),
            (1, 1, "A"),
        ]
    ]
    # Every submission is a new (goal, quarter): 10 goals x 84 quarters, each used once.
    combos = iter(
        [
            (g, f"{y}Q{q}")
            for y in [2020, 2021, 2022, 2023, *range(2024, 2041)]
            for q in range(1, 5)
            for g in goals
        ]
    )
    bad: list[str] = []
    etags: dict[str, str] = {}

    def worker(n):
        i = 0
        while time.time() < deadline and i < 5000:
            i += 1
            kind = ("browse", "browse", "browse", "poll", "poll", "submit")[(n + i) % 6]
            if kind == "browse":
                status, t, _ = fetch(pages[(n + i) % len(pages)])
            elif kind == "poll":
                path = "/api/v1/meetwaarden?kpi=overgewicht-volwassenen"
                headers = {"If-None-Match": etags[path]} if path in etags else {}
                status, t, _ = fetch(path, headers=headers)
                if status == 200:
                    etags[path] = "x"  # first poll gets the body; the ETag itself is read below
            else:
                with lock:
                    goal, quarter = next(combos, (None, None))
                if goal is None:
                    continue
                body = json.dumps(
                    {"operationeel_doel": goal, "kwartaal": quarter, "gedaan": "Belasting"}
                ).encode()
                status, t, answer = fetch(
                    "/api/v1/voortgangsrapportages",
                    body,
                    {"Authorization": f"Token {key}", "Content-Type": "application/json"},
                )
                with lock:
                    if status == 201:
                        created[(goal, quarter)] += 1
                    elif status >= 400 and len(bad) < 3:
                        bad.append(f"{status} {goal} {quarter}: {answer[:200]!r}")
            with lock:
                results.append((kind, status, t))

    # Real ETag for the poller.
    with urllib.request.urlopen(BASE + "/api/v1/meetwaarden?kpi=overgewicht-volwassenen") as r:
        etags["/api/v1/meetwaarden?kpi=overgewicht-volwassenen"] = r.headers["ETag"]
    start = time.time()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    elapsed = time.time() - start
    for line in bad:
        print("  refused submission:", line)
    return results, created, elapsed


def report_stats(results, elapsed, label):
    times = sorted(t * 1000 for _, _, t in results)
    q = statistics.quantiles(times, n=100) if len(times) > 2 else [0] * 99
    codes = Counter(s for _, s, _ in results)
    errors = sum(n for s, n in codes.items() if s == 0 or s >= 500)
    print(
        f"{label}: {len(results)} requests in {elapsed:.1f} s = {len(results) / elapsed:.0f} "
        "req/s; "
        f"p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, p99 {q[98]:.0f} ms; errors (5xx/none) {errors}; "
        f"statuses {dict(codes)}"
    )
    return codes


def run_load(key):
    results, created, elapsed = load(key)
    report_stats(results, elapsed, "load (10x demo data, gunicorn 2 workers)")
    sent = sum(created.values())
    # New updates only: some submissions land on a quarter where the demo data already has the
    # organisation's update (answered 200 when editable, 400 when already approved).
    in_db = int(
        shell(
            "from monitoring.models import ProgressUpdate; "
            "print(ProgressUpdate.objects.filter(done='Belasting', is_demo=False).count())"
        ).splitlines()[-1]
    )
    print(
        f"  submissions answered 201: {sent}; in the database: {in_db}; "
        f"{'all there' if sent == in_db else 'MISMATCH'}"
    )


def wait_report(pk, seconds=120):
    deadline = time.time() + seconds
    state = ""
    while time.time() < deadline:
        state = shell(
            f"from monitoring.models import QuarterlyReport as R; r=R.objects.get(pk={pk});"
            "print(r.status, r.attempts, bool(r.file))"
        ).splitlines()[-1]
        if state.startswith(("ready", "failed")):
            return state
        time.sleep(1)
    return state


def fault_redis():
    print("fault: Redis stopped while users browse and the board requests a report")
    board = Session("bestuur")
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    time.sleep(1)
    statuses = Counter(
        fetch(p)[0] for p in ["/", "/doelen/", "/monitoring/", "/api/v1/gemeenten"] * 5
    )
    print(f"  pages while Redis is down: {dict(statuses)}")
    status, _, _ = board.post_form("/monitoring/kwartaalrapporten/", {"kwartaal": "2026Q2"})
    row = shell(
        "from monitoring.models import QuarterlyReport as R; "
        "r=R.objects.filter(quarter='2026Q2').latest('pk');"
        "print(r.pk, r.status, r.enqueued)"
    ).splitlines()[-1]
    print(f"  report request answered {status}; saved as: {row}")
    subprocess.run(REDIS_START, check=True)
    time.sleep(2)
    pk = row.split()[0]
    # Beat runs the sweep every 5 minutes; here we run the same task at once.
    shell(
        "from monitoring.reporting.tasks import sweep_pending_reports; from "
        "monitoring.reporting.builds import sweep_pending;"
        "import datetime as dt; print(sweep_pending(older_than=dt.timedelta(0)))"
    )
    print(f"  after Redis returned and the sweep ran: {wait_report(pk)}")


def fault_worker():
    print("fault: the worker is killed (SIGKILL) while it builds a report")
    board = Session("bestuur")
    board.post_form("/monitoring/kwartaalrapporten/", {"kwartaal": "2026Q1"})
    pk = shell(
        "from monitoring.models import QuarterlyReport as R; "
        "print(R.objects.filter(quarter='2026Q1').latest('pk').pk)"
    ).splitlines()[-1]
    for _ in range(200):
        state = shell(
            "from monitoring.models import QuarterlyReport as R; "
            f"print(R.objects.get(pk={pk}).status)"
        ).splitlines()[-1]
        if state != "queued":
            break
        time.sleep(0.05)
    procs["worker"].send_signal(signal.SIGKILL)
    procs["worker"].wait()
    print(f"  killed the worker with the report {state}")
    time.sleep(1)
    start("worker")
    print(f"  after restart (visibility timeout 20 s for this run): {wait_report(pk, 120)}")
    print(
        "  ready versions for 2026Q1: "
        + shell(
            "from monitoring.models import QuarterlyReport as R; "
            "print(R.objects.filter(quarter='2026Q1', status='ready').count())"
        ).splitlines()[-1]
    )


def fault_postgres(key):
    print("fault: PostgreSQL restarted during load")
    cluster = subprocess.run(
        ["ls", "/etc/postgresql"], capture_output=True, text=True
    ).stdout.split()[0]
    box: dict = {}

    def run():
        box["results"], box["created"], box["elapsed"] = load(key, seconds=25)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(6)
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True
    )
    thread.join()
    codes = report_stats(box["results"], box["elapsed"], "  load across the restart")
    status, _, body = fetch("/doelen/")
    print(
        f"  after the restart, without restarting gunicorn: /doelen/ -> {status}; "
        f"503 pages during the restart: {codes.get(503, 0)}; other 5xx: "
        f"{sum(n for s, n in codes.items() if s >= 500 and s != 503)}"
    )


def main():
    wanted = set(sys.argv[1:]) or {"load", "redis", "worker", "postgres"}
    (ROOT / "var").mkdir(exist_ok=True)
    print("preparing database with the plan and 10x demo data…")
    key = prepare()
    try:
        for name in ("web", "worker", "beat"):
            start(name)
        if "load" in wanted:
            run_load(key)
        if "redis" in wanted:
            fault_redis()
        if "worker" in wanted:
            fault_worker()
        if "postgres" in wanted:
            fault_postgres(key)
    finally:
        stop_all()
        if subprocess.run(["redis-cli", "ping"], capture_output=True).returncode != 0:
            subprocess.run(REDIS_START)


if __name__ == "__main__":
    main()
