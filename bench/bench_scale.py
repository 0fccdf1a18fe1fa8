"""Benchmark: the portal at 100x today's figures (issue 24), each figure beside its goal.

`grow_figures` adds a decade of quarterly and yearly figures (2010-2019) for 60 KPIs at Drenthe,
municipality and wijk level (about 160 wijken): roughly 400,000 figures. Then, in the same run:

- the dashboard, a KPI page with its maps and wijken, `/reeks` and the public figure list at
  1x and at 100x, each against a trivial view serving the same bytes (the machine is shared;
  the ratio of ratios is what counts). Goal: at most 1.5x. Query counts: the same.
- a full pull of every figure through the API (the streamed NDJSON export, programme team),
  and the same in pages of 1,000 by keyset. Goal: under 10 s.
- a CSV export of every figure: time to the first bytes and in all. Goal: under 5 s.

Prints figures; asserts nothing. Uses DATABASE_URL when set, otherwise a scratch SQLite file.
The PDF at this scale is in bench_report.py (`BENCH_GROW=1`).
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import grow_figures, median_seconds, setup, shrink_figures

setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from accounts import roles  # noqa: E402
from monitoring.services.demo import seed_demo  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
TODAY = dt.date(2026, 11, 23)
PAGES = [
    ("dashboard", "/monitoring/?kwartaal=2026Q3"),
    ("KPI page with maps", "/monitoring/kpis/overgewicht-volwassenen/?gemeente=GM0106"),
    ("/reeks (API)", "/api/v1/kpis/overgewicht-volwassenen/reeks"),
    # Not a goal (marked *): its answer holds every wijk's decade, 13 x 50 points against
    # 6 x 7 at 1x, so it grows with the data by design.
    (
        "/reeks, Assen's wijken*",
        "/api/v1/kpis/overgewicht-volwassenen/reeks?niveau=wijken&gemeente=GM0106",
    ),
    ("public figure list", "/monitoring/meetwaarden/"),
]
RATIO_GOAL, PULL_GOAL, CSV_GOAL = 1.5, 10.0, 5.0
CAPTURED: dict[int, bytes] = {}
NO_PAGE_CACHE = {
    **settings.CACHES,
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


def static_view(request, i):
    return HttpResponse(CAPTURED[i])


urlpatterns = [path("__bench__/<int:i>/", static_view), path("", include(settings.ROOT_URLCONF))]


def measure(client: Client) -> dict:
    out = {}
    for i, (name, url) in enumerate(PAGES):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        CAPTURED[i] = response.content
        # Counted by a wrapper: the test client's request_started signal empties the query log
        # that CaptureQueriesContext reads.
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
        ):
            client.get(url)
        page = median_seconds(lambda url=url: client.get(url), RUNS)
        static = median_seconds(lambda i=i: client.get(f"/__bench__/{i}/"), RUNS)
        out[name] = (page, static, len(queries), len(CAPTURED[i]))
    return out


def stream_seconds(client: Client, url: str) -> tuple[float, float, int, int]:
    """(seconds to the first bytes, seconds in all, lines, bytes) of a streamed export."""
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    first, size, lines = None, 0, 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        if first is None:
            first = time.perf_counter() - start
        size += len(chunk)
        lines += chunk.count(b"\n")
    return first or 0.0, time.perf_counter() - start, lines, size


def keyset_pull(client: Client) -> tuple[float, int, int]:
    start, url, rows, pages = time.perf_counter(), "/api/v1/meetwaarden", 0, 0
    params = {"niveau": "alle", "page_size": 1000, "sorteer": "gewijzigd_op"}
    while url:
        body = client.get(url, params).json()
        params = None
        rows += len(body["resultaten"])
        pages += 1
        url = body["volgende"]
    return time.perf_counter() - start, rows, pages


def main() -> None:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    team_user, _ = get_user_model().objects.get_or_create(username="bench-team")
    team_user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    print(f"Database: {engine}; median of {RUNS} requests, page cache off, anonymous reader.")
    with override_settings(
        CACHES=NO_PAGE_CACHE, ALLOWED_HOSTS=["testserver"], ROOT_URLCONF=__name__
    ):
        shrink_figures()
        seed_demo(scale=1, today=TODAY)
        anon = Client()
        small = measure(anon)
        start = time.perf_counter()
        added = grow_figures()
        print(f"grow_figures: {added} figures added in {time.perf_counter() - start:.0f} s")
        large = measure(anon)
        print(
            f"\n{'page':<22}{'1x ms':>8}{'100x ms':>9}{'trivial 1x/100x ms':>20}"
            f"{'ratio':>8}{'goal':>7}{'queries 1x/100x':>17}{'kB 100x':>9}"
        )
        for name, _url in PAGES:
            p1, s1, q1, _b1 = small[name]
            p2, s2, q2, b2 = large[name]
            ratio = (p2 / s2) / (p1 / s1)
            verdict = "info" if name.endswith("*") else "ok" if ratio <= RATIO_GOAL else "MISS"
            print(
                f"{name:<22}{p1 * 1000:>8.1f}{p2 * 1000:>9.1f}"
                f"{f'{s1 * 1000:.1f}/{s2 * 1000:.1f}':>20}{ratio:>7.2f}x"
                f"{verdict:>7}{f'{q1}/{q2}':>17}{b2 / 1024:>9.0f}"
            )
        team = Client()
        team.force_login(team_user)
        first, total, lines, size = stream_seconds(
            team, "/api/v1/meetwaarden?niveau=alle&formaat=ndjson"
        )
        print(
            f"\nfull pull, streamed NDJSON (all levels): {lines} figures, {size / 1e6:.0f} MB, "
            f"first bytes {first:.2f} s, all {total:.2f} s "
            f"(goal < {PULL_GOAL:.0f} s: {'ok' if total < PULL_GOAL else 'MISS'})"
        )
        seconds, rows, pages = keyset_pull(team)
        print(
            f"full pull, pages of 1,000 by keyset (JSON): {rows} figures in {pages} pages, "
            f"{seconds:.2f} s (goal < {PULL_GOAL:.0f} s: {'ok' if seconds < PULL_GOAL else 'MISS'})"
        )
        first, total, lines, size = stream_seconds(
            anon, "/api/v1/meetwaarden?niveau=alle&formaat=csv"
        )
        print(
            f"CSV export of every figure (public): {lines - 1} rows, {size / 1e6:.0f} MB, "
            f"first bytes {first:.2f} s, all {total:.2f} s "
            f"(goal < {CSV_GOAL:.0f} s: {'ok' if total < CSV_GOAL else 'MISS'})"
        )
        shrink_figures()


if __name__ == "__main__":
    main()
