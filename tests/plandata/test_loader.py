"""The committed plan data holds the Regioplan completely and loads idempotently."""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import ChangeRecord
from plandata.loader import DEFAULT_PATH, PlanDataError, load_plan_data, read_file
from regioplan.models import (
    GoalOrganisation,
    Initiative,
    Municipality,
    OperationalGoal,
    Organisation,
    PriorityTheme,
    StrategicGoal,
    Theme,
    Thread,
    TransformationProgramme,
)
from regioplan.services import goal_update

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def data():
    return copy.deepcopy(read_file(DEFAULT_PATH))


def test_loads_the_whole_plan(plan):
    assert Theme.objects.count() == 6
    assert PriorityTheme.objects.count() == 6
    assert StrategicGoal.objects.count() == 17
    assert OperationalGoal.objects.count() == 86
    assert TransformationProgramme.objects.count() == 8
    assert Municipality.objects.count() == 12
    assert Thread.objects.count() == 6
    assert set(Theme.objects.values_list("slogan", flat=True)) >= {
        "Samenwerken werkt",
        "De professional van morgen",
    }
    assert all(PriorityTheme.objects.values_list("ambition", flat=True))


def test_municipalities_have_their_cbs_codes(plan):
    assert Municipality.objects.get(cbs_code="GM0106").name == "Assen"
    assert Municipality.objects.get(cbs_code="GM1731").name == "Midden-Drenthe"


def test_codes_are_normalised(plan):
    assert OperationalGoal.objects.filter(code="2.1.1.A").exists()
    assert OperationalGoal.objects.get(code="2.6.1.C").source_code == "2.6.1 C"
    assert not OperationalGoal.objects.filter(code__contains=" ").exists()


def test_goals_missing_text_in_source_are_flagged_without_invented_text(plan):
    incomplete = OperationalGoal.objects.filter(incomplete_in_source=True).order_by("code")
    assert [g.code for g in incomplete] == ["2.1.3.E", "2.1.3.F"]
    for goal in incomplete:
        assert goal.text == "" and goal.title == ""
    assert list(
        OperationalGoal.objects.get(code="2.1.3.F").initiatives.values_list("name", flat=True)
    ) == ["Convenant Dementie Drenthe"]


def test_nader_te_bepalen_is_not_an_initiative_or_organisation(plan):
    assert not Initiative.objects.filter(name__icontains="nader te bepalen").exists()
    assert not Organisation.objects.filter(name__icontains="nader te bepalen").exists()
    goal = OperationalGoal.objects.get(code="2.1.2.A")
    assert goal.initiatives.count() == 0 and goal.organisations.count() == 0


def test_undecided_year_is_no_target_year(plan):
    goal = OperationalGoal.objects.get(code="2.4.2.A")
    assert goal.target_year is None and goal.target_year_undecided
    assert OperationalGoal.objects.get(code="2.2.1.B").target_year == 2025


def test_solution_directions_under_2_6_3(plan):
    kinds = set(
        OperationalGoal.objects.filter(code__startswith="2.6.3.").values_list("kind", flat=True)
    )
    assert kinds == {OperationalGoal.Kind.SOLUTION_DIRECTION}
    assert OperationalGoal.objects.filter(kind=OperationalGoal.Kind.SOLUTION_DIRECTION).count() == 7


def test_cross_references_read_both_ways(plan):
    a = OperationalGoal.objects.get(code="2.1.3.A")
    b = OperationalGoal.objects.get(code="2.1.2.B")
    assert b in a.related_goals.all() and a in b.related_goals.all()
    assert (
        OperationalGoal.objects.get(code="2.2.2.A")
        in OperationalGoal.objects.get(code="2.6.1.B").related_goals.all()
    )
    assert (
        OperationalGoal.objects.get(code="2.6.1.B")
        in OperationalGoal.objects.get(code="2.2.2.A").referenced_by.all()
    )


def test_priority_themes_come_from_the_work_agenda(plan):
    assert set(
        OperationalGoal.objects.get(code="2.2.1.B").priority_themes.values_list("slug", flat=True)
    ) == {"vitaal-ouder-worden"}
    assert OperationalGoal.objects.filter(priority_themes__slug="leefstijl").count() >= 10


def test_initiators_and_coalition(plan):
    goal = OperationalGoal.objects.get(code="2.1.3.A")
    names = set(goal.organisations.values_list("name", flat=True))
    assert {
        "Wilhelmina Ziekenhuis Assen",
        "Treant",
        "Drentse Apothekers Coöperatie",
        "Denktank60+",
    } <= names
    assert Organisation.objects.get(name="Zilveren Kruis").coalition == "leidend"
    assert Organisation.objects.get(name="Accare").coalition == "breed"
    assert Organisation.objects.get(name="Gemeente Assen").municipality.cbs_code == "GM0106"
    assert Organisation.objects.get(name="Gemeenten").is_generic


def test_programmes_link_their_goals(plan):
    acp = TransformationProgramme.objects.get(number=8)
    assert list(acp.operational_goals.values_list("code", flat=True)) == ["2.2.1.B"]
    assert set(
        TransformationProgramme.objects.get(number=2).strategic_goals.values_list("code", flat=True)
    ) == {"2.2.2", "2.6.4"}


def test_second_load_changes_nothing_and_says_so(plan):
    before = ChangeRecord.objects.count()
    report = load_plan_data(read_file())
    assert not report.changed and not report.conflicts
    assert "Niets gewijzigd" in report.lines()[-1]
    assert ChangeRecord.objects.count() == before


def test_command_reports_idempotency(plan, capsys):
    call_command("load_regioplan")
    assert "Niets gewijzigd" in capsys.readouterr().out


def test_file_change_updates_an_unedited_goal(plan, data):
    goal_data = data["themes"][0]["strategic_goals"][0]["operational_goals"][0]
    goal_data["title"] = "Nieuwe titel uit het bestand"
    report = load_plan_data(data)
    assert report.updated["operationele doelen"] == 1
    assert OperationalGoal.objects.get(code="2.1.1.A").title == "Nieuwe titel uit het bestand"


def test_portal_edit_is_a_conflict_not_overwritten(plan, data, programme_team):
    goal = OperationalGoal.objects.get(code="2.1.1.A")
    goal_update(
        goal=goal, by=programme_team, expected_version=goal.version, title="Bewerkt in het portaal"
    )
    data["themes"][0]["strategic_goals"][0]["operational_goals"][0]["title"] = (
        "Andere titel in het bestand"
    )
    report = load_plan_data(data)
    assert len(report.conflicts) == 1 and "2.1.1.A" in report.conflicts[0]
    assert OperationalGoal.objects.get(code="2.1.1.A").title == "Bewerkt in het portaal"


def test_unchanged_file_after_portal_edit_reports_conflict_and_keeps_edit(plan, programme_team):
    goal = OperationalGoal.objects.get(code="2.2.1.B")
    goal_update(goal=goal, by=programme_team, expected_version=goal.version, target_year=2026)
    report = load_plan_data(read_file())
    assert any("2.2.1.B" in c for c in report.conflicts)
    assert OperationalGoal.objects.get(code="2.2.1.B").target_year == 2026


def test_force_overwrites_portal_edit(plan, data, programme_team):
    goal = OperationalGoal.objects.get(code="2.1.1.A")
    goal_update(
        goal=goal, by=programme_team, expected_version=goal.version, title="Bewerkt in het portaal"
    )
    report = load_plan_data(data, force=True)
    assert report.overwritten and not report.conflicts
    assert OperationalGoal.objects.get(code="2.1.1.A").title.startswith("In 2024 werken we toe")


@pytest.mark.parametrize(
    "mutate, record, field",
    [
        (
            lambda d: d["themes"][1]["strategic_goals"][0]["operational_goals"][0].update(
                code="2.2.1.AA"
            ),
            "operationeel doel 2.2.1.AA",
            "code",
        ),
        (
            lambda d: d["themes"][1]["strategic_goals"][0]["operational_goals"][0].update(
                priority_themes=["onbekend"]
            ),
            "operationeel doel 2.2.1.A",
            "priority_themes",
        ),
        (
            lambda d: d["themes"][1]["strategic_goals"][0]["operational_goals"][0].update(
                target_year="volgend jaar"
            ),
            "operationeel doel 2.2.1.A",
            "target_year",
        ),
        (
            lambda d: d["organisations"][0].pop("sector"),
            "organisatie 's Heeren Loo (Noorderbrug)",
            "sector",
        ),
        (
            lambda d: d["initiatives"].append({"name": "Nader te bepalen"}),
            "initiatief Nader te bepalen",
            "name",
        ),
    ],
)
def test_bad_file_is_rejected_naming_record_and_field_and_changes_nothing(
    plan, data, mutate, record, field
):
    data["themes"][0]["strategic_goals"][0]["operational_goals"][0]["title"] = (
        "Deze wijziging mag niet landen"
    )
    mutate(data)
    before = ChangeRecord.objects.count()
    with pytest.raises(PlanDataError) as exc:
        load_plan_data(data)
    assert exc.value.record == record and exc.value.field == field
    assert ChangeRecord.objects.count() == before
    assert OperationalGoal.objects.get(code="2.1.1.A").title != "Deze wijziging mag niet landen"


def test_command_rejects_bad_file_with_clear_error(plan, tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text("plan: [niet, goed", encoding="utf-8")
    with pytest.raises(Exception) as exc:
        call_command("load_regioplan", str(bad))
    assert "niets gewijzigd" in str(exc.value).lower()


def test_links_use_potential_initiator_role(plan):
    roles = set(GoalOrganisation.objects.values_list("role", flat=True))
    assert roles == {GoalOrganisation.Role.POTENTIAL_INITIATOR}


@pytest.mark.skipif(not SEEDS.exists(), reason="seed documents not beside the project")
def test_committed_data_file_is_reproducible_from_the_seeds():
    out = subprocess.run(
        [sys.executable, str(ROOT / "plandata/data/derive_regioplan.py"), str(SEEDS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == DEFAULT_PATH.read_text(encoding="utf-8")
