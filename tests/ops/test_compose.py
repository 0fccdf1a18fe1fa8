"""The Compose file and the image, checked without a Docker daemon (this machine has none).

What can be checked statically is: the file parses and runs the right services in the right
order, every command's entrypoint exists in the code, secrets come from the environment, the
image ships what the pages use. Where `docker compose` exists, its own `config` runs too.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")


def test_compose_runs_web_worker_beat_after_a_one_shot_migrate():
    assert set(SERVICES) == {"postgres", "redis", "migrate", *APP_SERVICES}
    for name in APP_SERVICES:
        service = SERVICES[name]
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert service["restart"] == "unless-stopped", name
        assert "migrate" not in " ".join(service["command"]), f"{name} must not migrate"
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert {"healthcheck"} <= set(SERVICES["web"]) and {"healthcheck"} <= set(SERVICES["worker"])


def test_compose_publishes_only_the_web_port_and_only_on_localhost():
    published = {name: s.get("ports", []) for name, s in SERVICES.items() if s.get("ports")}
    assert published == {"web": ["127.0.0.1:8000:8000"]}


def test_compose_takes_secrets_from_the_environment_and_writes_the_password_once():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "env_file" not in text  # each service gets only the variables it needs
    assert "SECRET_KEY: ${SECRET_KEY:-}" in text
    assert SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"] == "${POSTGRES_PASSWORD:-}"
    for name in ("postgres", "redis"):
        assert "SECRET_KEY" not in str(SERVICES[name]), name
    example = (ROOT / ".env.example").read_text()
    assert "DATABASE_URL" not in example and example.count("POSTGRES_PASSWORD") == 1
    assert set(COMPOSE["volumes"]) == {"pgdata", "redisdata", "media", "var"}


def test_the_broker_keeps_its_queue_and_backups_run_beside_the_app():
    """Redis is Celery's broker: an append-only file on a volume keeps queued tasks over a
    restart. The migrate service has the app's volumes, so backup and restore can run in it."""
    redis = SERVICES["redis"]
    assert "--appendonly" in redis["command"]
    assert redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
    assert any(v.endswith(":/data") for v in redis["volumes"])
    assert set(SERVICES["migrate"]["volumes"]) == set(SERVICES["web"]["volumes"])
    check = " ".join(SERVICES["worker"]["healthcheck"]["test"])
    assert "worker-alive" in check and "celery" not in check  # no Django start-up every 30 s


def test_every_command_in_compose_has_its_entrypoint_in_the_code():
    commands = get_commands()
    for name, service in SERVICES.items():
        command = service.get("command")
        if not command or name in ("postgres", "redis"):
            continue
        words = " ".join(command).replace("&&", " ").split()
        if "gunicorn" in words:
            module = words[words.index("gunicorn") + 1]
            assert (ROOT / (module.replace(".", "/") + ".py")).exists(), module
        if "celery" in words:
            app = words[words.index("-A") + 1]
            assert (ROOT / app / "celery.py").exists(), app
        for i, word in enumerate(words):
            if word == "manage.py":
                assert words[i + 1] in commands, (name, words[i + 1])


def test_the_image_ships_what_the_portal_needs_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "scripts/vendor_assets.sh" in dockerfile and (ROOT / "scripts/vendor_assets.sh").exists()
    assert "libharfbuzz-subset0" in dockerfile and "libpango-1.0-0" in dockerfile
    assert "gezondemarke.settings.collectstatic" in dockerfile
    assert "\nUSER app\n" in dockerfile and "/app/var" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".venv", "node_modules", "var", ".env", "media"):
        assert path in ignored, path


def test_the_image_build_step_collects_static_files_without_a_secret(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.collectstatic",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()


@pytest.mark.skipif(
    not shutil.which("docker")
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="docker compose is not installed here",
)
def test_docker_compose_config_accepts_the_file_without_a_dot_env(tmp_path):
    done = subprocess.run(
        ["docker", "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
