"""API 1.1: lossless incremental sync (tombstones, stable paging) and fewer calls."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.admin import record_deletion
from monitoring.models import Kpi
from monitoring.services import figure_create

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_deletions_and_archivings_are_in_the_tombstone_feed(
    client_as, programme_team, client, plan
):
    start = client.get(f"{API}/verwijderingen").json()
    assert start["aantal"] == 0
    api = client_as(programme_team)
    assert api.delete(f"{API}/organisaties/treant").status_code == 204
    figure = figure_create(
        kpi=Kpi.objects.get(code="inwoners"), period="2024", municipality=None, value="5", by=None
    )
    figure_id = figure.pk
    record_deletion(figure, by=programme_team)
    figure.delete()
    assert api.delete(f"{API}/operationele-doelen/2.5.1.A").status_code == 204
    client.logout()
    feed = client.get(f"{API}/verwijderingen").json()["resultaten"]
    seen = {(r["collectie"], r["sleutel"], r["soort"]) for r in feed}
    assert seen == {
        ("organisaties", "treant", "gearchiveerd"),
        ("meetwaarden", str(figure_id), "verwijderd"),
        ("operationele-doelen", "2.5.1.A", "gearchiveerd"),
    }
    only = client.get(f"{API}/verwijderingen", {"collectie": "meetwaarden"}).json()
    assert [r["sleutel"] for r in only["resultaten"]] == [str(figure_id)]
    later = client.get(f"{API}/verwijderingen", {"gewijzigd_sinds": "2999-01-01T00:00:00Z"})
    assert later.json()["aantal"] == 0


def test_expanded_goal_list_has_text_and_links_in_flat_queries(client, plan):
    plain = client.get(f"{API}/operationele-doelen", {"page_size": 100}).json()["resultaten"][0]
    assert "tekst" not in plain and plain["regio_opgave"] == "2.1"
    asked = {"page_size": 100, "uitbreiden": "tekst,organisaties,initiatieven,kpis"}
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"{API}/operationele-doelen", asked).json()
    goals = {g["code"]: g for g in body["resultaten"]}
    detail = client.get(f"{API}/operationele-doelen/2.3.1.B").json()
    expanded = goals["2.3.1.B"]
    assert expanded["tekst"] == detail["tekst"] and expanded["toelichting"] == detail["toelichting"]
    assert expanded["organisaties"] == detail["organisaties"]
    assert expanded["initiatieven"] == detail["initiatieven"]
    assert "overgewicht-volwassenen" in expanded["kpis"]
    assert len(queries.captured_queries) <= 12
    bad = client.get(f"{API}/operationele-doelen", {"uitbreiden": "tekst,geheim"})
    assert bad.status_code == 400 and bad.json()["invalid-params"][0]["name"] == "uitbreiden"


def test_the_goal_export_holds_text_and_organisations(client, plan):
    text = client.get(
        f"{API}/operationele-doelen", {"formaat": "csv", "csv_dialect": "rfc4180"}
    ).content.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert {"tekst", "organisaties", "initiatieven", "kpis"} <= set(header)
    assert "GGD Drenthe (" in text


def _pull(client, url, params):
    rows, pages = [], 0
    response = client.get(url, params)
    while True:
        body = response.json()
        assert response.status_code == 200, body
        rows.extend(body["resultaten"])
        pages += 1
        yield pages, rows
        if not body["volgende"]:
            return
        response = client.get(body["volgende"])


def test_paging_by_time_of_change_neither_skips_nor_loses_rows_under_change(
    client_as, programme_team, plan
):
    from regioplan.models import Organisation
    from regioplan.services import organisation_update

    api = client_as(programme_team)
    url = f"{API}/organisaties"
    everything = set(Organisation.objects.public().values_list("slug", flat=True))
    assert len(everything) > 100
    for desc in (False, True):
        seen = []
        params = {"sorteer": "-gewijzigd_op" if desc else "gewijzigd_op", "page_size": 25}
        for pages, rows in _pull(api, url, params):
            if pages == 1:
                # Between pages: a row already read changes, so it moves to the end.
                moved = rows[0]["sleutel"]
                organisation_update(
                    organisation=Organisation.objects.get(slug=moved),
                    by=programme_team,
                    sector=f"Gewijzigd tijdens het ophalen ({desc})",
                )
            seen = [r["sleutel"] for r in rows]
        assert set(seen) == everything, desc  # nothing skipped
        if not desc:
            assert seen.count(moved) == 2 and seen[-1] == moved  # and the change arrives
    bad = api.get(url, {"sorteer": "gewijzigd_op", "cursor": "onzin!"})
    assert bad.status_code == 400 and bad.json()["invalid-params"][0]["name"] == "cursor"
    plain = api.get(url, {"page_size": 10}).json()
    assert "page=2" in plain["volgende"] and "cursor" not in plain["volgende"]


def test_a_kpi_series_has_baseline_milestones_and_verdicts_in_one_call(
    client, programme_team, plan
):
    from monitoring.models import Kpi
    from regioplan.models import Municipality

    kpi = Kpi.objects.get(code="overgewicht-volwassenen")  # ≤ 38% in 2040, margin 3
    assen = Municipality.objects.get(cbs_code="GM0106")
    for year, drenthe, local in [(2020, "48", "50"), (2030, "43", "47.5")]:
        figure_create(kpi=kpi, period=str(year), municipality=None, value=drenthe, by=None)
        figure_create(kpi=kpi, period=str(year), municipality=assen, value=local, by=None)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"{API}/kpis/overgewicht-volwassenen/reeks").json()
    assert len(queries.captured_queries) <= 8
    assert body["nulmeting"] == {"jaar": 2020, "waarde": "48.0000", "eerste_meting": True}
    assert body["streefwaarden"] == [
        {"jaar": 2040, "waarde": "38.0000", "bovengrens": None, "vergelijking": "<="}
    ]
    points = {(p["periode"], p["gemeente"]): p for p in body["reeks"]}
    drenthe_2030 = points[("2030", None)]
    assert drenthe_2030["tussendoel"]["waarde"] == "43.0000"  # halfway from 48 to 38
    assert drenthe_2030["tussendoel"]["uit_plan"] is False
    assert drenthe_2030["oordeel"] == "op_koers"
    assert points[("2020", None)]["oordeel"] == "geen_oordeel"  # the start of the path
    # Assen's own path: 50 -> 38, so 44 in 2030; 47.5 is 3.5 too high: beyond the margin.
    assert points[("2030", "GM0106")]["tussendoel"]["waarde"] == "44.0000"
    assert points[("2030", "GM0106")]["oordeel"] == "niet_op_koers"
    only = client.get(
        f"{API}/kpis/overgewicht-volwassenen/reeks", {"gemeente": "GM0106", "periode_van": "2025"}
    ).json()["reeks"]
    assert [(p["periode"], p["gemeente"]) for p in only] == [("2030", "GM0106")]
    bad = client.get(f"{API}/kpis/overgewicht-volwassenen/reeks", {"niveau": "x", "gemeente": "?"})
    assert bad.status_code == 400
    assert {p["name"] for p in bad.json()["invalid-params"]} == {"niveau", "gemeente"}


def test_paging_by_time_of_change_breaks_ties_by_id_when_many_rows_share_a_moment(
    client_as, programme_team, plan
):
    """A bulk write gives many rows one `gewijzigd_op`: the cursor must carry the id too, or
    a page boundary inside such a run skips (ascending) or repeats (descending) rows."""
    import datetime as dt

    from django.utils import timezone

    from regioplan.models import Organisation

    moment = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=5)
    public = Organisation.objects.public()
    public.update(updated_at=moment)  # every row the same time of change
    everything = sorted(public.values_list("slug", flat=True))
    assert len(everything) > 60
    api = client_as(programme_team)
    for order in ("gewijzigd_op", "-gewijzigd_op"):
        for _pages, rows in _pull(api, f"{API}/organisaties", {"sorteer": order, "page_size": 25}):
            seen = [r["sleutel"] for r in rows]  # every row read so far
        assert sorted(seen) == everything, order  # each row once: none skipped, none twice


def test_expanded_goal_rows_carry_the_details_source_fields_and_relations(client, plan):
    rows = client.get(
        f"{API}/operationele-doelen", {"uitbreiden": "tekst,relaties", "page_size": 100}
    ).json()["resultaten"]
    detail = {
        g["code"]: g
        for g in (client.get(f"{API}/operationele-doelen/{r['code']}").json() for r in rows[:40])
    }
    for row in rows[:40]:
        for field in ("code_in_bron", "opmerking_bron", "hangt_samen_met", "verwezen_door"):
            assert row[field] == detail[row["code"]][field], (row["code"], field)
    assert any(row["hangt_samen_met"] or row["verwezen_door"] for row in rows)


def test_linking_a_kpi_to_a_goal_moves_the_goals_time_of_change(client_as, programme_team, plan):
    from monitoring import services
    from monitoring.models import Kpi
    from regioplan.models import OperationalGoal

    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    goal = OperationalGoal.objects.exclude(kpis=kpi).order_by("code").first()
    before = goal.updated_at
    services.kpi_update(kpi=kpi, by=programme_team, goals=[*kpi.goals.all(), goal])
    goal.refresh_from_db()
    assert goal.updated_at > before
    since = before.isoformat()
    changed = client_as(programme_team).get(
        f"{API}/operationele-doelen", {"gewijzigd_sinds": since, "page_size": 100}
    )
    assert goal.code in [r["code"] for r in changed.json()["resultaten"]]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_a_sync_from_the_watermark_never_misses_a_row_of_a_long_transaction(
    django_user_model, settings
):
    """A row written by a transaction that commits after a pull started is not in that pull;
    `gewijzigd_sinds=<Synchronisatiepunt>` of the pull brings it in the next one."""
    import threading
    import time

    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from accounts import roles
    from regioplan.models import Organisation
    from regioplan.services import organisation_update

    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    if not Organisation.objects.exists():
        call_command("load_regioplan", verbosity=0)
    team = django_user_model.objects.create_user(username="sync-team", password="pw")
    team.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    slug = Organisation.objects.public().order_by("name").first().slug
    written, release, done = threading.Event(), threading.Event(), threading.Event()

    def long_transaction():
        with transaction.atomic():
            organisation_update(
                organisation=Organisation.objects.get(slug=slug),
                by=team,
                sector="Gewijzigd in een lange transactie",
            )
            written.set()
            release.wait(10)
        connection.close()
        done.set()

    settings.API_SYNC_MARGIN_SECONDS = 0  # the open transaction alone must hold the point back
    writer = threading.Thread(target=long_transaction)
    writer.start()
    assert written.wait(10)
    time.sleep(0.3)
    started = timezone.now()
    client = Client()
    client.force_login(team)
    first = client.get(f"{API}/organisaties", {"page_size": 100})
    pulled_at = first["Synchronisatiepunt"]
    assert pulled_at
    release.set()
    writer.join(10)
    assert done.is_set()
    changed = Organisation.objects.get(slug=slug).updated_at
    assert changed < started  # a client that resumed from its own clock would skip the row
    naive = client.get(f"{API}/organisaties", {"gewijzigd_sinds": changed.isoformat()}).json()
    assert slug in [r["sleutel"] for r in naive["resultaten"]]  # the row is committed now
    since = client.get(f"{API}/organisaties", {"gewijzigd_sinds": pulled_at}).json()
    assert slug in [r["sleutel"] for r in since["resultaten"]], (pulled_at, changed)


def _backdate(seconds):
    """Put every row and change record `seconds` in the past, so Last-Modified is given."""
    import datetime as dt

    from django.utils import timezone

    from audit.models import ChangeRecord
    from monitoring.models import Figure
    from participatie.models import Input

    moment = timezone.now() - dt.timedelta(seconds=seconds)
    for model in (Figure, Input):
        model.objects.update(updated_at=moment)
    ChangeRecord.objects.update(created_at=moment)
    return moment


def test_a_filtered_list_is_not_304_after_a_row_left_it(client, plan, coordinator):
    from participatie import services
    from participatie.models import Input

    keep, gone = (
        Input.objects.create(
            kind="question", text=t, public_text=t, moderation="published", may_publish=True
        )
        for t in ("Blijft staan", "Wordt verborgen")
    )
    _backdate(120)
    url = f"{API}/inwonersinbreng?soort=question"
    first = client.get(url)
    assert first.has_header("Last-Modified")
    services.input_hide(item=gone, by=coordinator, reason="Bevat een naam")
    _backdate(60)  # the hiding is older than a second, newer than the first pull
    Input.objects.filter(pk=keep.pk).update(updated_at=timezone_ago(120))
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200, "a row left the list: not 'unchanged'"
    assert "Wordt verborgen" not in again.content.decode()


def timezone_ago(seconds):
    import datetime as dt

    from django.utils import timezone

    return timezone.now() - dt.timedelta(seconds=seconds)


def test_a_kpi_series_is_not_304_after_a_correction(client, plan, programme_team):
    from monitoring import services
    from monitoring.models import Kpi

    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    figure = services.figure_create(
        kpi=kpi, period="2024", municipality=None, value="40", by=programme_team
    )
    _backdate(120)
    Kpi.objects.filter(pk=kpi.pk).update(updated_at=timezone_ago(120))
    url = f"{API}/kpis/{kpi.code}/reeks"
    first = client.get(url)
    assert first.has_header("Last-Modified")
    services.figure_correct(figure=figure, value="39", reason="Bijgesteld", by=programme_team)
    _backdate(60)
    Kpi.objects.filter(pk=kpi.pk).update(updated_at=timezone_ago(120))
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200 and '"39' in again.content.decode()
