"""Shared set-up for the benchmarks: Django, DEBUG off, on DATABASE_URL or a scratch SQLite."""

import os
import statistics
import sys
import time
import warnings
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
