"""Monitoring pages run a fixed number of queries at 1x and 10x demo data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import Figure, ProgressUpdate
from monitoring.services.demo import seed_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def pages():
    return [
        ("anonymous", reverse("monitoring:dashboard") + "?kwartaal=2026Q3"),
        ("anonymous", reverse("monitoring:kpi_detail", args=["overgewicht-volwassenen"])),
        ("anonymous", reverse("monitoring:kpi_list")),
        ("anonymous", reverse("monitoring:goal_monitoring", args=["2.3.1.B"])),
        ("anonymous", reverse("monitoring:figure_list") + "?kpi=overgewicht-volwassenen"),
        ("partner", reverse("monitoring:my_goals")),
        ("programme_team", reverse("monitoring:review_queue")),
        ("programme_team", reverse("monitoring:dashboard")),
        ("board", reverse("monitoring:report_list")),
        ("programme_team", reverse("monitoring:target_coverage")),
        ("programme_team", reverse("monitoring:figure_review")),
        ("programme_team", reverse("monitoring:kpi_edit", args=["overgewicht-volwassenen"])),
    ]


def test_monitoring_query_counts_are_flat_from_1x_to_10x(request, client, plan):
    seed_demo(scale=1, today=TODAY)
    small_updates = ProgressUpdate.objects.count()
    at_1x = {}
    for who, url in pages():
        client.logout()
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        count(client, url)  # warm Django's content-type cache
        at_1x[url] = count(client, url)
    seed_demo(scale=10, today=TODAY)
    assert ProgressUpdate.objects.count() > 10 * small_updates and Figure.objects.count() > 2000
    for who, url in pages():
        client.logout()
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        assert count(client, url) == at_1x[url], url


def test_dashboard_query_budget(client, plan, django_assert_num_queries):
    seed_demo(scale=1, today=TODAY)
    # plan, goals (+themes), updates of two quarters (+organisations), KPIs, their targets,
    # their goals, figures, extra KPIs they are weighted by, corrections and deletions after
    # the cut-off; participation KPI (plan, goals, moments); the duties (commitments in force,
    # first submissions, goals without a trekker); tellen én vertellen (stories per domain,
    # selected stories, the pulse's themes and answers, the board's actions and their updates);
    # the municipalities of the maps
    client.get(reverse("monitoring:dashboard") + "?kwartaal=2026Q2")  # warm content types
    with django_assert_num_queries(23):
        client.get(reverse("monitoring:dashboard") + "?kwartaal=2026Q3")


def test_report_data_is_gathered_in_a_fixed_number_of_queries(plan, django_assert_num_queries):
    from monitoring.periods import Period
    from monitoring.reporting.data import report_data

    seed_demo(scale=1, today=TODAY)
    report_data(plan, Period(2026, 3))  # warm Django's content-type cache
    with CaptureQueriesContext(connection) as small:
        report_data(plan, Period(2026, 3))
    seed_demo(scale=10, today=TODAY)
    with CaptureQueriesContext(connection) as large:
        report_data(plan, Period(2026, 3))
    # The plan's sections and the summary (the dashboard's), each figure index with the
    # corrections and deletions after the cut-off, the duties (commitments in force, first
    # submissions, goals without a trekker), what came after the cut-off (updates, figures,
    # corrections, deletions), the municipal annex, "what residents said", and governance
    # (selected stories, stories per domain, the pulse's themes and answers, actions and their
    # updates, lessons and their goals): 41 today, the same at 1x and 10x.
    assert len(small.captured_queries) == len(large.captured_queries) <= 41


def test_update_form_query_count_does_not_grow_with_its_kpi_lines(client_as, ggd_goal, partner):
    from monitoring import services
    from monitoring.models import Kpi
    from regioplan.models import Municipality

    kpi = Kpi.objects.get(code="roken-volwassenen")
    client = client_as(partner)
    counts = []
    for quarter, lines in (("2026Q1", 1), ("2026Q2", 12)):
        update = services.update_start(
            goal=ggd_goal, organisation=partner.organisation, period=quarter, by=partner
        )
        services.update_save(
            update=update,
            by=partner,
            fields={"progress": "on_track", "done": "Gedaan.", "next_steps": "Verder."},
            figures=[
                {"kpi": kpi, "period": "2026", "municipality": m, "value": "4"}
                for m in Municipality.objects.order_by("name")[:lines]
            ],
        )
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("monitoring:update_edit", args=[update.pk])).content.decode()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert html.count(f'<option value="{kpi.pk}" selected>') == 12  # the saved lines are prefilled
    first = Municipality.objects.order_by("name").first()
    assert f'<option value="{first.pk}" selected>' in html


def test_the_review_coverage_budget_and_tombstone_lists_stay_flat_as_their_rows_grow(
    client_as, programme_team, plan
):
    """Pages whose rows the demo data does not grow: grow their own rows."""
    from decimal import Decimal

    from monitoring import services
    from monitoring.models import Kpi, UnmeasuredTarget
    from participatie.models import ParticipationBudget
    from regioplan.models import Municipality, OperationalGoal, Organisation
    from regioplan.services import organisation_archive

    client = client_as(programme_team)
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    places = list(Municipality.objects.order_by("cbs_code"))
    goals = list(OperationalGoal.objects.order_by("code"))
    organisations = list(Organisation.objects.filter(is_demo=False).order_by("pk"))
    urls = [
        reverse("monitoring:figure_review"),
        reverse("monitoring:target_coverage"),
        reverse("participatie:budget"),
        "/api/v1/verwijderingen?page_size=100",
    ]

    def grow(start, n):
        for i in range(start, start + n):
            services.figure_create(
                kpi=kpi,
                period=str(2020 + i // 12),
                municipality=places[i % 12],
                value="40",
                by=None,
                status="pending",
            )
            UnmeasuredTarget.objects.create(goal=goals[i], quantity="1%", reason="test")
            ParticipationBudget.objects.create(year=2020 + i, spuk_total=Decimal("1000"))
            organisation_archive(organisation=organisations[i], by=programme_team)

    grow(0, 2)
    for url in urls:  # warm Django's content-type cache first
        count(client, url)
    small = [count(client, url) for url in urls]
    grow(2, 20)
    assert [count(client, url) for url in urls] == small


def test_the_coverage_and_kpi_edit_pages_stay_flat_as_goals_grow(client_as, programme_team, plan):
    """Both pages show a row (or a choice) per goal, so grow the goals themselves: with
    quantified targets in their text, a KPI with a target, and a mark 'niet meetbaar'."""
    from monitoring.models import Kpi, KpiTarget, UnmeasuredTarget
    from regioplan.models import OperationalGoal, StrategicGoal

    client = client_as(programme_team)
    strategic = StrategicGoal.objects.get(code="2.3.1")
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    urls = [
        reverse("monitoring:target_coverage"),
        reverse("monitoring:kpi_edit", args=[kpi.code]),
        reverse("monitoring:kpi_create"),
    ]

    def grow(letters):
        for letter in letters:
            goal = OperationalGoal.objects.create(
                plan=plan,
                strategic_goal=strategic,
                code=f"2.3.1.{letter}",
                title=f"Proefdoel {letter}",
                text="In 2030 rookt < 7% en beweegt 60% genoeg.",
                target_year=2030,
            )
            extra = Kpi.objects.create(
                code=f"proef-{letter.lower()}", name=letter, unit="percentage"
            )
            KpiTarget.objects.create(kpi=extra, year=2030, value=7, comparator="<")
            extra.goals.add(goal)
            kpi.goals.add(goal)
            UnmeasuredTarget.objects.create(goal=goal, quantity="60%", reason="proef")

    grow("UV")
    for url in urls:  # warm Django's caches first
        count(client, url)
    small = [count(client, url) for url in urls]
    grow("WXYZ")
    assert [count(client, url) for url in urls] == small


def test_wijk_reads_cost_the_same_for_more_wijken(client, plan, programme_team):
    """The KPI page's wijk table, /reeks?niveau=wijken, the figure list and the API at the wijk
    level: the same number of queries for 2 wijken as for 12 (a query per wijk or per figure
    would show)."""
    from monitoring import services
    from monitoring.models import Kpi
    from regioplan.models import Municipality, Neighbourhood

    assen = Municipality.objects.get(cbs_code="GM0106")
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    urls = [
        reverse("monitoring:kpi_detail", args=[kpi.code]) + "?gemeente=GM0106",
        f"/api/v1/kpis/{kpi.code}/reeks?niveau=wijken&gemeente=GM0106",
        reverse("monitoring:figure_list") + "?niveau=wijk",
        "/api/v1/meetwaarden?niveau=wijk",
    ]

    def add(start, stop):
        for n in range(start, stop):
            wijk = Neighbourhood.objects.create(
                cbs_code=f"WK0106{n:02d}", name=f"Wijk {n}", municipality=assen
            )
            for year in ("2023", "2024"):
                services.figure_create(
                    kpi=kpi,
                    period=year,
                    municipality=None,
                    neighbourhood=wijk,
                    value=str(40 + n),
                    by=programme_team,
                )

    def counts():
        out = []
        for url in urls:
            client.get(url)  # warm what is cached per process
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            out.append(len(queries.captured_queries))
        return out

    add(0, 2)
    small = counts()
    add(2, 12)
    assert counts() == small
