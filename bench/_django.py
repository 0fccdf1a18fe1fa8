"""Shared set-up for the benchmarks: Django, DEBUG off, on DATABASE_URL or a scratch SQLite."""

import datetime as dt
import os
import statistics
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gezondemarke.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    (ROOT / "var").mkdir(exist_ok=True)
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_regioplan", verbosity=0)


def median_seconds(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def grow_plan(times: int) -> int:
    """Add (times - 1) x 86 synthetic goals spread over all strategic goals (as the query-count
    tests do), so pages can be measured at 10x goals. Returns the number of goals added."""
    from regioplan.models import (
        GoalOrganisation,
        Initiative,
        OperationalGoal,
        Organisation,
        PriorityTheme,
        StrategicGoal,
    )

    strategic = list(StrategicGoal.objects.order_by("code"))
    themes = list(PriorityTheme.objects.all())
    org = Organisation.objects.get(name="Cosis")
    initiative = Initiative.objects.get(name="GrollooZorgt")
    base = OperationalGoal.objects.get(code="2.1.1.A")
    new = [
        OperationalGoal(
            plan=base.plan,
            strategic_goal=strategic[n % len(strategic)],
            code=f"{strategic[n % len(strategic)].code}.{chr(75 + n % 15)}{n}",
            title=f"Synthetisch doel {n}",
            text=f"Synthetisch doel {n} over dementie.",
        )
        for n in range((times - 1) * 86)
    ]
    OperationalGoal.objects.bulk_create(new)
    for goal in new:
        goal.priority_themes.add(*themes[:2])
        goal.initiatives.add(initiative)
        GoalOrganisation.objects.create(goal=goal, organisation=org)
    return len(new)


def shrink_plan() -> None:
    """Remove the synthetic goals of grow_plan again."""
    from regioplan.models import GoalOrganisation, OperationalGoal

    synthetic = OperationalGoal.objects.filter(title__startswith="Synthetisch doel ")
    GoalOrganisation.objects.filter(goal__in=synthetic).delete()
    synthetic.delete()


BENCH_KPI = "bench-kpi-"
BENCH_WIJK_NAME = "Benchwijk "


def grow_figures(kpis: int = 60, wijken_per_municipality: int = 13) -> int:
    """Add a decade (2010-2019) of quarterly and yearly figures for `kpis` KPIs (the plan's
    own, topped up with synthetic municipal KPIs) at Drenthe, municipality and wijk level:
    about 400,000 figures at the defaults. Returns the number of figures added."""
    import random

    from monitoring.models import Figure, Kpi
    from regioplan.models import Municipality, Neighbourhood

    rng = random.Random(100)
    existing = list(Kpi.objects.filter(kind=Kpi.Kind.RAW).order_by("code"))
    synthetic = [
        Kpi.objects.create(
            code=f"{BENCH_KPI}{n:02d}",
            name=f"Synthetische KPI {n}",
            unit=Kpi.Unit.PERCENTAGE,
            level=Kpi.Level.MUNICIPALITY,
            frequency=Kpi.Frequency.QUARTERLY,
        )
        for n in range(max(0, kpis - len(existing)))
    ]
    municipalities = list(Municipality.objects.order_by("cbs_code"))
    wijken = {}
    for m in municipalities:
        rows = [
            Neighbourhood.objects.get_or_create(
                cbs_code=f"WK{m.cbs_code[2:]}{50 + n:02d}",
                defaults={"name": f"{BENCH_WIJK_NAME}{n}", "municipality": m},
            )[0]
            for n in range(wijken_per_municipality)
        ]
        wijken[m.pk] = rows
    periods = [str(y) for y in range(2010, 2020)]
    periods += [f"{y}Q{q}" for y in range(2010, 2020) for q in range(1, 5)]
    approved = dt.datetime(2020, 1, 15, 9, tzinfo=dt.UTC)
    added, batch = 0, []
    for kpi in [*existing, *synthetic]:
        municipal = kpi.level == Kpi.Level.MUNICIPALITY
        for period in periods:
            places = [(None, None)]
            if municipal:
                for m in municipalities:
                    places.append((m, None))
                    places.extend((m, w) for w in wijken[m.pk])
            for m, w in places:
                batch.append(
                    Figure(
                        kpi=kpi,
                        period=period,
                        municipality=m,
                        neighbourhood=w,
                        value=Decimal(str(round(rng.uniform(5, 95), 1))),
                        origin=Figure.Origin.IMPORT,
                        source_note="Benchmark",
                        approved_at=approved,
                    )
                )
            if len(batch) >= 10_000:
                Figure.all_levels.bulk_create(batch, batch_size=5000)
                added += len(batch)
                batch = []
    Figure.all_levels.bulk_create(batch, batch_size=5000)
    refresh_statistics()
    return added + len(batch)


def refresh_statistics() -> None:
    """What autovacuum does a little later in production: fresh planner statistics and a
    visibility map after a bulk load (else the planner still thinks the table is small)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def shrink_figures() -> None:
    """Remove what grow_figures added."""
    from monitoring.models import Figure, Kpi
    from regioplan.models import Neighbourhood

    Figure.all_levels.filter(source_note="Benchmark").delete()
    Kpi.objects.filter(code__startswith=BENCH_KPI).delete()
    Neighbourhood.objects.filter(name__startswith=BENCH_WIJK_NAME).delete()
    refresh_statistics()
