"""Benchmark: plan pages against a trivial Django view that returns the same HTML.

Run with `make bench` (or `.venv/bin/python bench/bench_pages.py`). Prints figures; asserts nothing.
Both sides go through the same middleware and test client, so the ratio is the cost of the
page's own work (queries, template rendering) on top of serving its bytes. Target: <= 3x.

Uses DATABASE_URL when set (e.g. PostgreSQL), otherwise a scratch SQLite file.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import median_seconds, setup

setup()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
PAGES = [
    ("plan overview", "/"),
    ("goal list", "/doelen/"),
    ("goal list, filtered", "/doelen/?zoek=zorg&opgave=2.1"),
    ("goal page", "/doelen/2.1.3.A/"),
]
CAPTURED: dict[int, bytes] = {}


def static_view(request, i):
    return HttpResponse(CAPTURED[i])


urlpatterns = [path("__bench__/<int:i>/", static_view), path("", include(settings.ROOT_URLCONF))]


def timed(client: Client, url: str) -> float:
    assert client.get(url).status_code == 200, url
    return median_seconds(lambda: client.get(url), RUNS)


def main() -> None:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Database: {engine}; median of {RUNS} requests each (Django test client, full middleware)."
    )
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for mode, pages_cache in (
        ("rendered (page cache off)", dummy),
        ("anonymous, page cache on", settings.CACHES["pages"]),
    ):
        caches = {**settings.CACHES, "pages": pages_cache}
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], CACHES=caches):
            print(f"\n{mode}")
            print(f"{'page':<22}{'page ms':>10}{'static ms':>11}{'ratio':>8}{'bytes':>9}")
            client = Client()
            for i, (label, url) in enumerate(PAGES):
                CAPTURED[i] = client.get(url).content
                page = timed(client, url)
                static = timed(client, f"/__bench__/{i}/")
                print(
                    f"{label:<22}{page * 1000:>10.2f}{static * 1000:>11.2f}"
                    f"{page / static:>7.1f}x{len(CAPTURED[i]):>9}"
                )


if __name__ == "__main__":
    main()
