"""Every change to plan, KPI, figure, update, input or report is in one audit log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import ChangeRecord
from monitoring import services as monitoring
from monitoring.models import Kpi
from monitoring.reporting import builds
from participatie import services as participatie
from regioplan.models import GoalOrganisation, OperationalGoal

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(plan, partner, programme_team, coordinator):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(goal=goal, organisation=partner.organisation, role="partner")
    monitoring.figure_create(
        kpi=Kpi.objects.get(code="acp-ouderen"),
        period="2025",
        municipality=None,
        value="60",
        by=programme_team,
    )
    update = monitoring.update_start(
        goal=goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    monitoring.update_save(
        update=update, by=partner, fields={"done": "Gedaan.", "progress": "on_track"}
    )
    update = monitoring.update_submit(update=update, by=partner)
    monitoring.update_return(update=update, by=programme_team, reason="Meer details graag")
    item = participatie.input_submit(
        ip="1.2.3.4", kind="concern", text="Zorg", goal=goal, may_publish=True
    )
    participatie.input_hide(item=item, by=coordinator, reason="Bevat gezondheidsgegevens")
    report, _ = builds.report_request(quarter="2026Q3", by=programme_team)
    return update


def test_figures_updates_input_and_reports_are_recorded_with_who_and_why(
    activity, programme_team, coordinator
):
    def find(model, action):
        return ChangeRecord.objects.filter(content_type__model=model, action=action).first()

    assert find("figure", "create").user == programme_team
    returned = find("progressupdate", "return")
    assert returned.reason == "Meer details graag" and returned.user == programme_team
    assert find("progressupdate", "submit").changes == {"status": ["draft", "submitted"]}
    hidden = find("input", "hide")
    assert hidden.user == coordinator and hidden.reason == "Bevat gezondheidsgegevens"
    assert find("quarterlyreport", "request").user == programme_team


def test_programme_team_browses_and_filters_the_log(client_as, programme_team, activity):
    client = client_as(programme_team)
    html = client.get(
        reverse("audit_log"), {"soort": "progressupdate", "actie": "return"}
    ).content.decode()
    assert "1 wijziging" in html and "Meer details graag" in html
    assert (
        client.get(reverse("audit_log"), {"formaat": "csv"}).status_code == 403
    )  # export is for admins


def test_admin_exports_the_log(client_as, admin_user, activity):
    response = client_as(admin_user).get(reverse("audit_log"), {"soort": "input", "formaat": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and "Bevat gezondheidsgegevens" in body
    assert body.count("\n") == 3  # header, the resident's submission and the hide
    response = client_as(admin_user).get(
        reverse("audit_log"), {"actie": "return", "formaat": "csv"}
    )
    row = response.content.decode("utf-8-sig").splitlines()[1]
    assert row.endswith(
        ';Meer details graag;"{""status"": [""submitted"", ""returned""]}"'
    )  # changes as JSON


def test_audit_export_does_not_hand_a_spreadsheet_a_formula(
    client_as, admin_user, activity, programme_team
):
    monitoring.update_return(
        update=monitoring.update_submit(update=activity, by=activity.created_by),
        by=programme_team,
        reason="=1+2",
    )
    response = client_as(admin_user).get(
        reverse("audit_log"), {"actie": "return", "zoek": "1+2", "formaat": "csv"}
    )
    assert ";'=1+2;" in response.content.decode("utf-8-sig")


def test_partners_and_anonymous_cannot_see_the_log(client, client_as, partner, plan):
    assert client.get(reverse("audit_log")).status_code == 302
    assert client_as(partner).get(reverse("audit_log")).status_code == 403


def test_audit_page_query_count_is_flat(client_as, programme_team, activity):
    client = client_as(programme_team)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("audit_log"))
    kpi = Kpi.objects.get(code="hulpvragen-gemeenschap")
    for year in range(2020, 2041):  # 21 more recorded changes, two pages' worth with the rest
        monitoring.figure_create(
            kpi=kpi, period=str(year), municipality=None, value="20", by=programme_team
        )
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("audit_log"))
    assert len(small.captured_queries) == len(large.captured_queries)
