"""A restore reproduces the data and the media files (SQLite always; PostgreSQL when available).

Runs manage.py in subprocesses against a scratch database, so the test database is untouched.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def run(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


SNAPSHOT = (
    "from monitoring.models import Figure; from regioplan.models import OperationalGoal;"
    "from pathlib import Path; from django.conf import settings;"
    "print(OperationalGoal.objects.count(), OperationalGoal.objects.get(code='2.1.1.A').title[:20],"
    " sorted(Figure.objects.values_list('period', 'value')),"
    " (Path(settings.MEDIA_ROOT) / 'evidence' / 'bewijs.pdf').read_bytes() if"
    " (Path(settings.MEDIA_ROOT) / 'evidence' / 'bewijs.pdf').exists() else None)"
)
CHANGE = (
    "from monitoring.models import Figure; from regioplan.models import OperationalGoal;"
    "from pathlib import Path; from django.conf import settings;"
    "OperationalGoal.objects.filter(code='2.1.1.A').update(title='KAPOT');"
    "Figure.objects.all().delete();"
    "(Path(settings.MEDIA_ROOT) / 'evidence' / 'bewijs.pdf').write_bytes(b'overschreven')"
)


def roundtrip(env, tmp_path):
    run(env, "migrate", "-v0")
    run(env, "load_regioplan", "-v0")
    run(
        env,
        "shell",
        "-c",
        "from monitoring.models import Figure, Kpi;"
        "Figure.objects.create(kpi=Kpi.objects.get(code='acp-ouderen'), period='2025', value=61)",
    )
    media = Path(env["MEDIA_ROOT"]) / "evidence"
    media.mkdir(parents=True)
    (media / "bewijs.pdf").write_bytes(b"%PDF-1.4 origineel")
    before = run(env, "shell", "-c", SNAPSHOT)
    archive = run(env, "backup", "--dir", str(tmp_path / "backups"))
    run(env, "shell", "-c", CHANGE)
    assert run(env, "shell", "-c", SNAPSHOT) != before
    run(env, "restore", archive, "--yes")
    assert run(env, "shell", "-c", SNAPSHOT) == before
    assert "origineel" in before and "61" in before


def test_backup_and_restore_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("REDIS_URL", None)
    roundtrip(env, tmp_path)


@pytest.mark.skipif(not DATABASE_URL.startswith("postgres"), reason="needs PostgreSQL")
def test_backup_and_restore_on_postgresql(tmp_path):
    import psycopg

    base = DATABASE_URL.rsplit("/", 1)[0]
    name = f"gezondemarke_backup_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.dev",
        "DATABASE_URL": f"{base}/{name}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("REDIS_URL", None)
    try:
        roundtrip(env, tmp_path)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restore_extracts_only_plain_files_inside_its_folder_on_any_python_3_11(
    tmp_path, monkeypatch
):
    """Debian 12's Python 3.11.2 has no tarfile filter=: the archive is checked by hand then."""
    import io
    import tarfile

    from core.backup import _safe_extract

    monkeypatch.delattr(tarfile, "data_filter", raising=False)

    def archive(*members):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            for name, kind in members:
                info = tarfile.TarInfo(name)
                if kind == "link":
                    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                    tar.addfile(info)
                else:
                    info.size = 2
                    tar.addfile(info, io.BytesIO(b"ok"))
        buffer.seek(0)
        return tarfile.open(fileobj=buffer, mode="r:gz")

    _safe_extract(archive(("manifest.json", "file"), ("media/a.txt", "file")), tmp_path)
    assert (tmp_path / "media" / "a.txt").read_bytes() == b"ok"
    for bad in (("../buiten.txt", "file"), ("/etc/x", "file"), ("media/link", "link")):
        with pytest.raises(RuntimeError, match="refused"):
            _safe_extract(archive(bad), tmp_path / "ander")


def test_log_times_are_utc_in_every_format():
    import logging

    from core.logging import JsonFormatter, UtcFormatter

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hallo", None, None)
    record.created = 1764669600.25  # 2025-12-02 10:00:00.250 UTC
    record.msecs = 250
    assert UtcFormatter().formatTime(record) == "2025-12-02T10:00:00.250Z"
    assert '"time": "2025-12-02T10:00:00.250Z"' in JsonFormatter().format(record)
