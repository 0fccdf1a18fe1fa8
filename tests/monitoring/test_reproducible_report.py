"""A quarter's report is reproducible: its content is fixed by the quarter's cut-off.

v1 is built, then the data changes in every way the portal allows after the cut-off (a late
approval, a correction, an addition, a revision, a bulk load that approves a waiting figure).
v2 equals v1 except for the notes 'na de termijn'; asked 'met latere correcties', the report
shows today's data and lists each difference with the value v1 showed."""

import datetime as dt

import pytest

from monitoring import services
from monitoring.models import Figure, Kpi, ProgressUpdate
from monitoring.periods import Period
from monitoring.reporting.data import report_data
from monitoring.services.demo import seed_demo

pytestmark = pytest.mark.django_db
Q3 = Period(2026, 3)


def _projection(data) -> dict:
    """Every number, status and narrative the report shows (not its notes on later changes)."""
    sections = [g for t in data["themes"] for sg in t["strategic_goals"] for g in sg["goals"]]
    summary = data["summary"]
    return {
        "totals": summary["totals"],
        "themes": [(t.code, counts) for t, counts, _total in summary["themes"]],
        "gaps": sorted(g.code for g in summary["gaps"]),
        "statuses": {s.goal.code: s.status for s in sections},
        "voices": {
            s.goal.code: sorted(u.pk for u in s.voices.updates) for s in sections if s.voices
        },
        "narratives": {s.goal.code: getattr(s.narrative, "pk", None) for s in sections},
        "kpis": sorted(
            {
                (r.kpi.code, r.latest_period, r.latest, r.light, tuple(r.series))
                for s in sections
                for r in s.kpi_rows
            }
        ),
        "annex": [
            (m.cbs_code, [(r.kpi.code, r.period, r.value, r.light) for r in rows])
            for m, rows in data["municipalities"]
        ],
        "off_track": [r.kpi.code for r in data["briefing"]["off_track"]],
        "questions": [(g.code, u.pk) for g, u in data["briefing"]["questions"]],
    }


def test_a_rebuilt_report_equals_the_first_except_for_the_notes(
    plan, programme_team, ggd_goal, django_user_model, partner
):
    from django.contrib.auth.models import Group

    from accounts import roles
    from regioplan.models import GoalOrganisation, Organisation

    seed_demo(scale=1, today=dt.date(2026, 11, 23))
    vnn = Organisation.objects.create(name="Proefpartner", slug="proefpartner", sector="Zorg")
    GoalOrganisation.objects.create(goal=ggd_goal, organisation=vnn, role="partner")
    vnn_user = django_user_model.objects.create_user(
        username="vnn", password="pw", organisation=vnn
    )
    vnn_user.groups.add(Group.objects.get(name=roles.PARTNER))
    v1 = report_data(plan, Q3)
    assert v1["after_cutoff"] == {"updates": [], "figures": [], "corrections": [], "deleted": []}

    # After the cut-off (15 October 2026 + 1 day); today is later:
    # 1. a late approval of an update about the quarter;
    late = services.update_start(goal=ggd_goal, organisation=vnn, period=str(Q3), by=vnn_user)
    late = services.update_save(
        update=late,
        by=vnn_user,
        fields={"progress": "behind", "done": "Te laat", "next_steps": "x"},
    )
    services.update_approve(
        update=services.update_submit(update=late, by=vnn_user), by=programme_team
    )
    # 2. a correction of a figure the report showed;
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    shown = Figure.objects.filter(kpi=kpi, period="2025").order_by("pk").first()
    services.figure_correct(
        figure=shown, value=shown.value + 3, reason="Herzien", by=programme_team
    )
    # 3. an addition of a figure for a period in the book;
    added = services.figure_create(
        kpi=Kpi.objects.get(code="roken-volwassenen"),
        period="2020",
        municipality=None,
        value="25",
        by=programme_team,
    )
    # 4. a revision of an approved update (a correction in a new version);
    approved = (
        ProgressUpdate.objects.filter(
            period=str(Q3),
            status="approved",
            organisation=partner.organisation,
            next_revision__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    revision = services.update_revise(update=approved, by=partner)
    revision = services.update_save(
        update=revision, by=partner, fields={"progress": "completed", "done": "Toch klaar"}
    )
    services.update_approve(
        update=services.update_submit(update=revision, by=partner), by=programme_team
    )
    # 5. a bulk load of a new value (approved at once).
    services.figures_bulk_load(
        [{"kpi": "roken-volwassenen", "periode": "2021", "gemeente": "", "waarde": "26"}],
        by=programme_team,
    )

    # 6. a deletion (the Django admin records every field of what it deletes).
    from audit.admin import record_deletion

    gone = Figure.objects.filter(kpi=kpi, period="2025").exclude(pk=shown.pk).order_by("pk").first()
    record_deletion(gone, by=programme_team)
    gone_pk = gone.pk
    gone.delete()

    v2 = report_data(plan, Q3)
    assert _projection(v2) == _projection(v1)
    notes = v2["after_cutoff"]
    assert {u.pk for u in notes["updates"]} == {late.pk, revision.pk}
    assert {f.period for f in notes["figures"]} == {added.period, "2021"}
    assert [f.pk for f in notes["deleted"]] == [gone_pk]
    [correction] = notes["corrections"]
    assert correction["figure"].pk == shown.pk and correction["new"] == shown.value + 3

    today = report_data(plan, Q3, later_corrections=True)
    assert _projection(today) != _projection(v1)
    whats = {d["what"] for d in today["differences"]}
    assert kpi.name in whats and f"Status van doel {ggd_goal.code}" in whats


def test_the_board_asks_for_a_report_with_later_corrections_explicitly(client_as, board, plan):
    from django.urls import reverse

    from monitoring.models import QuarterlyReport

    client = client_as(board)
    page = client.get(reverse("monitoring:report_list")).content.decode()
    assert (
        'name="latere_correcties"' in page
        and "checked" not in page.split("latere_correcties")[1][:80]
    )
    client.post(reverse("monitoring:report_list"), {"kwartaal": str(Q3)})
    client.post(
        reverse("monitoring:report_list"), {"kwartaal": "2026Q2", "latere_correcties": "ja"}
    )
    made = dict(QuarterlyReport.objects.values_list("quarter", "later_corrections"))
    assert made == {str(Q3): False, "2026Q2": True}
    api = client.get("/api/v1/kwartaalrapporten").json()["resultaten"]
    assert {r["kwartaal"]: r["met_latere_correcties"] for r in api} == made
