"""The production path as an operator runs it: production settings, collectstatic, gunicorn,
a Celery worker and beat (scripts/serve.sh), every public page and API collection, /readyz,
and nothing left running after a stop, or after one child dies.

Runs when REDIS_URL and a PostgreSQL DATABASE_URL are set (as in CI on this machine), on a
database and Redis number of its own.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
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


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_gone(pgid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not group_alive(pgid):
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    base = DATABASE_URL.rsplit("/", 1)[0]
    name = f"gezondemarke_prod_{os.getpid()}"
    psql(f"{base}/postgres", f'DROP DATABASE IF EXISTS "{name}"')
    psql(f"{base}/postgres", f'CREATE DATABASE "{name}"')
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{base}/{name}",
        "REDIS_URL": REDIS_URL.rsplit("/", 1)[0] + "/13",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
        "BEAT_SCHEDULE_FILE": str(tmp / "var" / "beat-schedule"),
        "PORT": str(port),
        "BIND": "127.0.0.1",
        "WORKER_CONCURRENCY": "1",
        "LOG_FORMAT": "json",
    }
    env.pop("DEBUG", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_regioplan"]):
        done = subprocess.run(manage + args, env=env, cwd=ROOT, capture_output=True, timeout=300)
        assert done.returncode == 0, (args, done.stderr.decode()[-2000:])
    yield env, f"http://127.0.0.1:{port}", tmp
    psql(f"{base}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start(env, tmp, log_name):
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh")],
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own process group: what is left of it can be counted
        stdout=open(tmp / f"{log_name}.out", "w"),
        stderr=open(tmp / f"{log_name}.err", "w"),
    )
    return process


def wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_production_serves_every_page_and_collection_and_stops_cleanly(production):
    env, url, tmp = production
    serve = start(env, tmp, "serve")
    try:
        assert wait_until(lambda: get(url + "/healthz")[0] == 200, 60), tmp / "serve.err"
        # The worker beats once when it is ready: /readyz answers within seconds.
        assert wait_until(lambda: get(url + "/readyz")[0] == 200, 45), get(url + "/readyz")

        status, body = get(url + "/sitemap.xml")
        assert status == 200
        pages = re.findall(r"<loc>([^<]+)</loc>", body.decode())
        assert len(pages) > 400  # the plan's goals, organisations, initiatives and more
        failures = [(page, code) for page in pages if (code := get(page)[0]) != 200]
        assert not failures, failures[:10]

        status, body = get(url + "/api/v1")
        assert status == 200
        collections = [link["href"] for link in json.loads(body)["_links"].values()]
        failures = [(c, code) for c in collections if (code := get(c)[0]) != 200]
        assert not failures, failures
        assert get(url + "/api/v1/openapi.json")[0] == 200
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    assert wait_gone(serve.pid), "processes of serve.sh were left running after SIGTERM"


def test_when_one_child_dies_serve_stops_the_others(production):
    env, url, tmp = production
    serve = start(env, tmp, "crash")
    try:
        assert wait_until(lambda: get(url + "/healthz")[0] == 200, 60)
        beat = subprocess.run(
            ["pgrep", "-g", str(serve.pid), "-f", "celery.* beat"], capture_output=True, text=True
        ).stdout.split()
        assert beat, "no beat process found"
        os.kill(int(beat[0]), signal.SIGKILL)
        serve.wait(timeout=60)
        assert serve.returncode != 0
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
    assert wait_gone(serve.pid), "gunicorn or the worker kept running after beat died"


def test_production_refuses_a_placeholder_secret_key(production):
    env, _url, _tmp = production
    for key in (
        "change-me-to-a-long-random-string-of-at-least-fifty-characters-please",
        "short",
        "a" * 64,
    ):
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "check"],
            env={**env, "SECRET_KEY": key},
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )
        assert done.returncode != 0 and b"SECRET_KEY" in done.stderr, key
