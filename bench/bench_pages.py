"""Benchmark: pages against a trivial Django view that returns the same HTML bytes.

Run with `make bench` (or `.venv/bin/python bench/bench_pages.py`). Prints figures; asserts
nothing. Both sides go through the same middleware and test client, interleaved, so the ratio
is the cost of the page's own work (queries, rendering) on top of serving its bytes. Goal:
<= 3x. Measured anonymous and signed in (programme team), with the shared page cache off
(the raw work) and on (what production serves: whole pages for anonymous readers, cached
fragments for signed-in ones), at 1x, at 10x demo data and at 10x goals.

Uses DATABASE_URL when set (e.g. PostgreSQL), otherwise a scratch SQLite file.
"""

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import grow_plan, median_seconds, setup, shrink_plan

setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from accounts import roles  # noqa: E402
from monitoring.services.demo import seed_demo  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "100"))
TODAY = dt.date(2026, 11, 23)
PAGES = [
    ("home (plan overview)", "/"),
    ("goal list", "/doelen/"),
    ("goal list, filtered", "/doelen/?zoek=zorg&opgave=2.1"),
    ("goal page", "/doelen/2.1.3.A/"),
    ("dashboard", "/monitoring/?kwartaal=2026Q3"),
]
CAPTURED: dict[int, bytes] = {}
GOAL = 3.0


def static_view(request, i):
    return HttpResponse(CAPTURED[i])


urlpatterns = [path("__bench__/<int:i>/", static_view), path("", include(settings.ROOT_URLCONF))]


def signed_in_client() -> Client:
    user, _ = get_user_model().objects.get_or_create(username="bench-team")
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    client = Client()
    client.force_login(user)
    return client


def measure(label: str, client: Client, results: dict) -> None:
    print(f"\n{label}")
    print(f"{'page':<24}{'page ms':>9}{'static ms':>11}{'ratio':>8}{'goal':>7}{'bytes':>9}")
    for i, (name, url) in enumerate(PAGES):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        CAPTURED[i] = response.content
        page = median_seconds(lambda url=url: client.get(url), RUNS)
        static = median_seconds(lambda i=i: client.get(f"/__bench__/{i}/"), RUNS)
        ratio = page / static
        results[(label, name)] = page
        print(
            f"{name:<24}{page * 1000:>9.2f}{static * 1000:>11.2f}{ratio:>7.1f}x"
            f"{'ok' if ratio <= GOAL else '>3x':>7}{len(CAPTURED[i]):>9}"
        )


def run_modes(scale: str, results: dict) -> None:
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for mode, pages_cache in (
        ("page cache off", dummy),
        ("page cache on", settings.CACHES["pages"]),
    ):
        caches_setting = {**settings.CACHES, "pages": pages_cache}
        with override_settings(
            ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], CACHES=caches_setting
        ):
            caches["pages"].clear()
            measure(f"{scale}, anonymous, {mode}", Client(), results)
            measure(f"{scale}, signed in, {mode}", signed_in_client(), results)


def main() -> None:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Database: {engine}; median of {RUNS} requests each (Django test client, full "
        f"middleware), against a view returning the same bytes. Goal: <= {GOAL:.0f}x."
    )
    results: dict = {}
    shrink_plan()
    seed_demo(scale=1, today=TODAY)
    run_modes("1x", results)
    seed_demo(scale=10, today=TODAY)
    run_modes("10x data", results)
    seed_demo(scale=1, today=TODAY)
    added = grow_plan(10)
    try:
        run_modes(f"10x goals (+{added})", results)
    finally:
        shrink_plan()
    print("\ndashboard and goal list, signed in, page cache off: time at 10x / time at 1x")
    for name in ("dashboard", "goal list"):
        one = results[("1x, signed in, page cache off", name)]
        for scale in ("10x data", f"10x goals (+{added})"):
            ten = results[(f"{scale}, signed in, page cache off", name)]
            print(f"  {name:<12}{scale:<22}{ten / one:>6.2f}x   (goal <= 1.5x)")


if __name__ == "__main__":
    main()
