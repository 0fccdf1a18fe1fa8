"""End to end with a real Celery worker: the board requests a report through the page and waits.

Runs when REDIS_URL and a PostgreSQL DATABASE_URL are set (as in CI on this machine). It starts
its own database, web server and worker as subprocesses, and stops them afterwards.
"""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not (REDIS_URL and DATABASE_URL.startswith("postgres")), reason="needs REDIS_URL and PostgreSQL"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def stack(tmp_path):
    base = DATABASE_URL.rsplit("/", 1)[0]
    name = f"gezondemarke_it_{os.getpid()}"
    psql(f"{base}/postgres", f'DROP DATABASE IF EXISTS "{name}"')
    psql(f"{base}/postgres", f'CREATE DATABASE "{name}"')
    redis = REDIS_URL.rsplit("/", 1)[0] + "/14"
    env = {
        **os.environ,
        "DATABASE_URL": f"{base}/{name}",
        "REDIS_URL": redis,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "true",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "-v0"], ["load_regioplan"], ["setup_demo"]):
        subprocess.run(
            manage + args, env=env, cwd=ROOT, check=True, capture_output=True, timeout=180
        )
    subprocess.run(
        manage + ["collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True, timeout=180
    )
    port = free_port()
    # The same processes as `make serve`: gunicorn, a Celery worker and beat (scripts/serve.sh).
    env.update(
        PORT=str(port),
        BIND="127.0.0.1",
        WORKER_CONCURRENCY="1",
        BEAT_SCHEDULE_FILE=str(tmp_path / "beat-schedule"),
    )
    serve = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh")],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "w"),
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/inloggen/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield url, tmp_path
    os.killpg(serve.pid, signal.SIGTERM)
    try:
        serve.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(serve.pid, signal.SIGKILL)
    psql(f"{base}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_real_worker_builds_a_requested_report(stack):
    url, tmp = stack
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, data):
        page = browser.open(url + path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        req = urllib.request.Request(
            url + path,
            urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode(),
            headers={"Referer": url + path},
        )
        return browser.open(req).read().decode()

    post("/inloggen/", {"username": "bestuur", "password": "demo-gezondemarke"})
    html = post("/monitoring/kwartaalrapporten/", {"kwartaal": "2026Q3"})
    report_id = re.search(r'data-report="(\d+)"', html).group(1)
    deadline = time.time() + 120
    status = {}
    while time.time() < deadline:
        status = json.loads(
            browser.open(f"{url}/monitoring/kwartaalrapporten/{report_id}/status/").read()
        )
        if status["status"] in ("ready", "failed"):
            break
        time.sleep(0.5)
    logs = (tmp / "worker.log").read_text()[-2000:]
    assert status.get("status") == "ready", (status, logs)
    pdf = browser.open(url + status["download"]).read()
    assert pdf.startswith(b"%PDF") and status["pages"] >= 15
