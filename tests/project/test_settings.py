"""Production refuses an unsafe configuration; deploy checks pass with a proper one."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "Zq8-random-enough-for-the-check-0123456789abcdefgh"


def manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    full_env.update(DJANGO_SETTINGS_MODULE="gezondemarke.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def test_production_refuses_default_secret_key():
    result = manage("check")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = manage("check", SECRET_KEY=GOOD_KEY, DEBUG="true")
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_check_deploy_has_no_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.nl",
        PORTAL_BASE_URL="https://portal.example.nl",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_no_missing_migrations():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_an_empty_or_malformed_portal_base_url_with_its_own_message():
    """Compose passes '' for an unset variable: that must be named, not surface later as a
    CSRF_TRUSTED_ORIGINS error."""
    for value, words in (
        ("", "missing or empty"),
        ("portaal.gezondemarke.nl", "must be an http(s) address"),
    ):
        result = manage("check", SECRET_KEY=GOOD_KEY, PORTAL_BASE_URL=value)
        assert result.returncode != 0 and words in result.stderr, result.stderr[-300:]
        assert "CSRF_TRUSTED_ORIGINS" not in result.stderr
