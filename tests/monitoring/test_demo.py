import datetime as dt

import pytest
from django.core.management import call_command

from monitoring.models import Figure, Kpi, ProgressUpdate
from monitoring.services.demo import seed_demo
from plandata.loader import DEFAULT_PATH
from regioplan.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_data_is_marked_and_replaced_not_piled_up(plan):
    seed_demo(scale=1, today=dt.date(2026, 11, 23))
    assert Figure.objects.exists() and not Figure.objects.filter(is_demo=False).exists()
    assert (
        ProgressUpdate.objects.exists()
        and not ProgressUpdate.objects.filter(is_demo=False).exists()
    )
    periods = set(Figure.objects.values_list("period", flat=True))
    assert {"2024", "2025", "2026"} <= periods
    first = ProgressUpdate.objects.count()
    seed_demo(scale=1, today=dt.date(2026, 11, 23))
    assert ProgressUpdate.objects.count() == first


def test_scale_multiplies_the_volume(plan):
    small = seed_demo(scale=1, today=dt.date(2026, 11, 23))
    big = seed_demo(scale=3, today=dt.date(2026, 11, 23))
    assert big["figures"] == 3 * small["figures"] and big["updates"] > 2 * small["updates"]
    assert (
        Kpi.objects.filter(is_demo=True).count()
        == 2 * Kpi.objects.filter(is_demo=False, kind="raw").count()
    )
    assert Organisation.objects.filter(is_demo=True).count() == 2


def test_demo_never_enters_the_plan_file(plan):
    call_command("seed_demo")
    assert "Demodata" not in DEFAULT_PATH.read_text(encoding="utf-8")
    assert "demo-" not in DEFAULT_PATH.read_text(encoding="utf-8")


def test_demo_never_touches_real_updates(plan, django_user_model):
    from regioplan.models import OperationalGoal

    goal = OperationalGoal.objects.get(code="2.3.1.B")
    org = Organisation.objects.get(name="Paramedische zorggroep Gezond in Drenthe")
    real = ProgressUpdate.objects.create(
        goal=goal, organisation=org, period="2026Q4", progress="on_track", done="Echt werk"
    )
    seed_demo(scale=2, today=dt.date(2026, 11, 23))
    assert ProgressUpdate.objects.get(pk=real.pk).done == "Echt werk"
    assert ProgressUpdate.objects.filter(goal=goal, organisation=org, period="2026Q4").count() == 1
