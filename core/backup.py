"""Backup and restore of the database and the media files, as one .tar.gz archive.

PostgreSQL: pg_dump (custom format) and pg_restore. SQLite: the sqlite3 backup API.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT_VERSION = 1


def _db() -> dict:
    return settings.DATABASES["default"]


def _pg_env() -> tuple[list[str], dict]:
    db = _db()
    args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _safe_extract(tar: tarfile.TarFile, dest: Path) -> None:
    """Extract only plain files and folders inside `dest`: no links, devices or paths that
    climb out. Python 3.11.4+ has this as `filter="data"`; Debian 12's 3.11.2 has not."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, filter="data")
        return
    root = dest.resolve()
    for member in tar.getmembers():
        target = (dest / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not target.is_relative_to(root):
            raise RuntimeError(f"refused archive member {member.name!r}")
        member.mode = 0o700 if member.isdir() else 0o600
    tar.extractall(dest)


def _dump_database(engine: str, tmp: Path) -> None:
    """Dump the database into `tmp` (pg_dump's custom format, or a copy of the SQLite file)."""
    import os

    if engine == "postgresql":
        args, env = _pg_env()
        subprocess.run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                *args,
                "-f",
                str(tmp / "database.dump"),
                _db()["NAME"],
            ],
            check=True,
            env={**os.environ, **env},
            capture_output=True,
        )
    elif engine == "sqlite":
        connections.close_all()
        source = sqlite3.connect(_db()["NAME"])
        dest = sqlite3.connect(tmp / "database.sqlite3")
        with dest:
            source.backup(dest)
        source.close(), dest.close()
    else:  # pragma: no cover
        raise RuntimeError(f"unsupported database {engine}")


def backup(target_dir: Path) -> Path:
    """Write a backup archive into target_dir and return its path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"gezondemarke-{stamp}.tar.gz"
    engine = connection.vendor
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _dump_database(engine, tmp)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created": dt.datetime.now().isoformat(),
        }
        with tarfile.open(archive, "w:gz") as tar:
            data = json.dumps(manifest).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name in ("database.dump", "database.sqlite3"):
                if (tmp / name).exists():
                    tar.add(tmp / name, arcname=name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
    return archive


def restore(archive: Path) -> dict:
    """Replace the database and media files with those in the archive."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            _safe_extract(tar, tmp)
        manifest = json.loads((tmp / "manifest.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise RuntimeError(
                f"backup is from {manifest['engine']}, this portal runs {connection.vendor}"
            )
        connections.close_all()
        if connection.vendor == "postgresql":
            args, env = _pg_env()
            subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    "-d",
                    _db()["NAME"],
                    str(tmp / "database.dump"),
                ],
                check=True,
                env={**os.environ, **env},
                capture_output=True,
            )
        else:
            source = sqlite3.connect(tmp / "database.sqlite3")
            dest = sqlite3.connect(_db()["NAME"])
            with dest:
                source.backup(dest)
            source.close(), dest.close()
        media = Path(settings.MEDIA_ROOT)
        if (tmp / "media").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(tmp / "media", media)
    return manifest
