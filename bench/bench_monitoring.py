"""Benchmark: monitoring dashboard and form-submission latency at 1x and 10x demo scale.

Prints figures; asserts nothing. Uses DATABASE_URL when set, otherwise a scratch SQLite file.
"""

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import median_seconds, setup

setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from monitoring.models import ProgressUpdate  # noqa: E402
from monitoring.services.demo import seed_demo  # noqa: E402
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
TODAY = dt.date(2026, 11, 23)
NO_PAGE_CACHE = {
    **settings.CACHES,
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


def median_ms(fn) -> float:
    return median_seconds(fn, RUNS) * 1000


def user(name, group, org=None):
    u, _ = get_user_model().objects.get_or_create(username=name, defaults={"organisation": org})
    u.groups.add(Group.objects.get(name=group))
    return u


def main() -> None:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    org = Organisation.objects.get(name="GGD Drenthe")
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.get_or_create(goal=goal, organisation=org, role="partner")
    partner, team = user("bench-partner", "Partner", org), user("bench-team", "Programmateam")
    print(f"Database: {engine}; median of {RUNS} requests (page cache off, Django test client).")
    print(
        f"{'scale':<7}{'updates':>9}{'figures':>9}{'dashboard ms':>14}"
        f"{'my goals ms':>13}{'KPI page ms':>13}{'submit ms':>11}"
    )
    with override_settings(CACHES=NO_PAGE_CACHE, ALLOWED_HOSTS=["testserver"]):
        for scale in (1, 10):
            counts = seed_demo(scale=scale, today=TODAY)
            anon, p, t = Client(), Client(), Client()
            p.force_login(partner)
            t.force_login(team)
            dash = median_ms(lambda: anon.get("/monitoring/?kwartaal=2026Q3"))
            mine = median_ms(lambda: p.get("/monitoring/mijn-doelen/"))
            kpi = median_ms(lambda: anon.get("/monitoring/kpis/overgewicht-volwassenen/"))

            def submit():
                ProgressUpdate.objects.filter(goal=goal, organisation=org, period="2026Q4").delete()
                p.post("/monitoring/mijn-doelen/2.3.1.B/rapporteren/", {"period": "2026Q4"})
                update = ProgressUpdate.objects.get(goal=goal, organisation=org, period="2026Q4")
                response = p.post(
                    f"/monitoring/rapportages/{update.pk}/bewerken/",
                    {
                        "progress": "on_track",
                        "done": "Gedaan.",
                        "next_steps": "Verder.",
                        "obstacles": "",
                        "resident_involvement": "",
                        "kpi-TOTAL_FORMS": "0",
                        "kpi-INITIAL_FORMS": "0",
                        "kpi-MIN_NUM_FORMS": "0",
                        "kpi-MAX_NUM_FORMS": "60",
                        "indienen": "1",
                    },
                )
                assert response.status_code == 302

            sub = median_ms(submit)
            print(
                f"{scale:<7}{counts['updates']:>9}{counts['figures']:>9}{dash:>14.1f}{mine:>13.1f}{kpi:>13.1f}{sub:>11.1f}"
            )


if __name__ == "__main__":
    main()
