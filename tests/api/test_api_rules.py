"""The NL API Design Rules, auth, writing through the services, and exports."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from accounts.models import ApiToken
from accounts.services import token_create
from audit.models import ChangeRecord
from core.api.throttling import AnonRateThrottle
from monitoring.models import Figure, Kpi, ProgressUpdate
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_openapi_document_is_valid_openapi_3_with_dutch_descriptions_and_contact(client, plan):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.oai.openapi+json"
    )
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on anything that is not OpenAPI 3.0
    assert schema["openapi"].startswith("3.0")
    assert schema["info"]["contact"]["email"] == "info@gezondemarke.nl"
    assert (
        "Regioplan Drenthe" in schema["info"]["description"]
        and schema["info"]["version"] == "1.5.0"
    )
    paths = schema["paths"]  # relative to the server URL, which carries the major version
    assert schema["servers"][0]["url"].endswith(API)
    assert "/operationele-doelen/{code}" in paths
    assert not any(p.endswith("/") for p in paths if p != "/")  # "/" is the landing page
    for p in [
        "regio-opgaven",
        "prioritaire-themas",
        "strategische-doelen",
        "operationele-doelen",
        "initiatieven",
        "organisaties",
        "transformatieprogrammas",
        "gemeenten",
        "kpis",
        "meetwaarden",
        "voortgangsrapportages",
        "kwartaalrapporten",
    ]:
        assert f"/{p}" in paths, p
    methods = {m for ops in paths.values() for m in ops if m not in ("parameters",)}
    assert methods <= {"get", "post", "put", "patch", "delete"}


def test_interactive_documentation_is_served_from_our_static_files(client, plan):
    html = client.get(f"{API}/documentatie").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_version_header_also_on_errors_and_problem_json(client, plan):
    response = client.get(f"{API}/operationele-doelen/9.9.9.Z")
    assert response.status_code == 404 and response["API-Version"] == "1.5.0"
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == 404
    unknown = client.get(f"{API}/bestaat-niet")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/problem+json"


def test_validation_errors_list_invalid_params(client_as, programme_team, plan):
    response = client_as(programme_team).post(
        f"{API}/operationele-doelen",
        {"code": "2.5.1.K", "strategisch_doel": "9.9.9", "titel": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalid-params"]}
    assert {"strategisch_doel", "titel", "tekst"} <= names
    bad_code = client_as(programme_team).post(
        f"{API}/operationele-doelen",
        {"code": "2.6.1.A", "strategisch_doel": "2.5.1", "titel": "x", "tekst": "x"},
        content_type="application/json",
    )
    assert bad_code.status_code == 400 and bad_code.json()["invalid-params"][0]["name"] == "code"


def test_only_standard_http_methods(client, plan):
    assert client.generic("TRACE", f"{API}/operationele-doelen").status_code == 405
    assert client.generic("PROPFIND", f"{API}/operationele-doelen").status_code == 405


def test_anonymous_reads_are_throttled(client, plan, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    from django.core.cache import cache

    cache.clear()
    statuses = [client.get(f"{API}/gemeenten").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429
    last = client.get(f"{API}/gemeenten")
    assert last["Content-Type"] == "application/problem+json" and last.has_header("Retry-After")


def test_tokens_are_created_on_the_profile_page_shown_once_and_stored_hashed(
    client_as, partner, plan
):
    client = client_as(partner)
    created = client.post(reverse("accounts:profile"), {"name": "GGD-datawerkplaats"}, follow=True)
    html = created.content.decode()  # post/redirect/get: the key is on the page after it
    token = ApiToken.objects.get(user=partner)
    key = html.split('id="nieuwe-sleutel">')[1].split("<")[0]
    assert key.startswith("gm_") and token.key_hash != key and key not in token.key_hash
    assert "nieuwe-sleutel" not in client.get(reverse("accounts:profile")).content.decode()
    client.logout()
    me = client.get(f"{API}/voortgangsrapportages", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200
    client_as(partner).post(reverse("accounts:token_revoke", args=[token.pk]))
    client.logout()
    refused = client.get(f"{API}/voortgangsrapportages", HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 401 and refused["Content-Type"] == "application/problem+json"


@pytest.fixture
def partner_key(partner):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(goal=goal, organisation=partner.organisation, role="partner")
    return token_create(user=partner, name="test")[1]


def test_partner_submits_update_with_token_through_the_review_workflow(
    client, plan, partner_key, programme_team
):
    auth = {"HTTP_AUTHORIZATION": f"Token {partner_key}"}
    created = client.post(
        f"{API}/voortgangsrapportages",
        {
            "operationeel_doel": "2.3.1.B",
            "kwartaal": "2026Q3",
            "voortgang": "attention",
            "gedaan": "Campagne.",
            "meetwaarden": [{"kpi": "roken-volwassenen", "periode": "2026", "waarde": "12,5"}],
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    update_id = created.json()["id"]
    assert created.json()["status"] == "concept" and created.json()["organisatie"] == "ggd-drenthe"
    extra = client.post(
        f"{API}/meetwaarden",
        {
            "kpi": "beweegnorm-volwassenen",
            "periode": "2026",
            "waarde": "44",
            "voortgangsrapportage": update_id,
        },
        content_type="application/json",
        **auth,
    )
    assert extra.status_code == 202 and len(extra.json()["meetwaarden"]) == 2
    submitted = client.patch(
        f"{API}/voortgangsrapportages/{update_id}",
        {"status": "ingediend"},
        content_type="application/json",
        **auth,
    )
    assert submitted.json()["status"] == "ingediend"
    refused = client.patch(
        f"{API}/voortgangsrapportages/{update_id}",
        {"status": "goedgekeurd"},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 403
    assert not Figure.objects.exists()
    client.force_login(programme_team)
    approved = client.patch(
        f"{API}/voortgangsrapportages/{update_id}",
        {"status": "goedgekeurd"},
        content_type="application/json",
    )
    assert approved.json()["status"] == "goedgekeurd"
    assert Figure.objects.get(kpi__code="roken-volwassenen").value == 12.5


def test_partner_gets_403_on_another_organisations_goal(client, plan, partner_key):
    response = client.post(
        f"{API}/voortgangsrapportages",
        {"operationeel_doel": "2.2.3.C", "kwartaal": "2026Q3"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {partner_key}",
    )
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"


def test_partner_token_validation_is_the_web_forms_validation(client, plan, partner_key):
    response = client.post(
        f"{API}/voortgangsrapportages",
        {
            "operationeel_doel": "2.3.1.B",
            "kwartaal": "2026Q3",
            "meetwaarden": [{"kpi": "roken-volwassenen", "periode": "2026", "waarde": "140"}],
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {partner_key}",
    )
    assert response.status_code == 400
    assert "buiten het geldige bereik" in json.dumps(response.json(), ensure_ascii=False)


def test_anonymous_sees_only_approved_updates(client, plan, partner):
    goal = OperationalGoal.objects.get(code="2.3.1.A")
    ProgressUpdate.objects.create(
        goal=goal,
        organisation=partner.organisation,
        period="2026Q3",
        progress="on_track",
        status="submitted",
        done="NIET-GOEDGEKEURD",
    )
    ProgressUpdate.objects.create(
        goal=goal,
        organisation=partner.organisation,
        period="2026Q2",
        progress="on_track",
        status="approved",
        done="GOEDGEKEURD",
    )
    body = json.dumps(client.get(f"{API}/voortgangsrapportages").json())
    assert "GOEDGEKEURD" in body and "NIET-GOEDGEKEURD" not in body
    client.force_login(partner)
    assert "NIET-GOEDGEKEURD" in json.dumps(client.get(f"{API}/voortgangsrapportages").json())


def test_goal_update_needs_the_version_and_a_stale_one_gets_409(client_as, programme_team, plan):
    client = client_as(programme_team)
    url = f"{API}/operationele-doelen/2.2.1.B"
    goal = client.get(url).json()
    assert client.patch(url, {"doeljaar": 2026}, content_type="application/json").status_code == 400
    ok = client.patch(
        url, {"doeljaar": 2026, "versie": goal["versie"]}, content_type="application/json"
    )
    assert (
        ok.status_code == 200
        and ok.json()["doeljaar"] == 2026
        and ok.json()["versie"] == goal["versie"] + 1
    )
    stale = client.patch(
        url, {"doeljaar": 2027, "versie": goal["versie"]}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["huidige_versie"] == goal["versie"] + 1
    assert (
        ChangeRecord.objects.filter(
            object_id=OperationalGoal.objects.get(code="2.2.1.B").pk,
            action="update",
            user=programme_team,
        ).count()
        == 1
    )


def test_programme_team_archives_a_goal_with_delete(client_as, programme_team, plan):
    assert client_as(programme_team).delete(f"{API}/operationele-doelen/2.3.3.C").status_code == 204
    assert OperationalGoal.objects.get(code="2.3.3.C").status == "archived"


def test_goal_list_exports_as_csv_and_excel_with_the_same_filters(client, plan):
    response = client.get(f"{API}/operationele-doelen", {"opgave": "2.5", "formaat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["code", "strategisch_doel"] and len(rows) == 11
    assert {r[0] for r in rows[1:]} == {f"2.5.1.{c}" for c in "ABCDEFGHIJ"}
    xlsx = client.get(f"{API}/operationele-doelen", {"formaat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 87 and sheet["A1"].value == "code"


def test_exports_do_not_hand_spreadsheets_a_formula(client, plan):
    OperationalGoal.objects.filter(code="2.5.1.A").update(
        title='=HYPERLINK("http://evil.example","klik")'
    )
    OperationalGoal.objects.filter(code="2.5.1.B").update(title="-1+1")
    response = client.get(f"{API}/operationele-doelen", {"opgave": "2.5", "formaat": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    title = rows[0].index("titel")
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["2.5.1.A"][title] == '\'=HYPERLINK("http://evil.example","klik")'
    assert by_code["2.5.1.B"][title] == "'-1+1"
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"{API}/operationele-doelen", {"formaat": "xlsx"}).content)
    ).active
    header = [c.value for c in sheet[1]]
    cells = {row[0].value: row[header.index("titel")] for row in sheet.iter_rows(min_row=2)}
    assert cells["2.5.1.A"].data_type == "s" and cells["2.5.1.A"].value.startswith("=HYPERLINK")


def test_figures_export_and_range_filters(client, plan, programme_team):
    from monitoring.services import figure_create

    kpi = Kpi.objects.get(code="acp-ouderen")
    for year, value in [(2023, "50"), (2024, "55"), (2025, "60")]:
        figure_create(kpi=kpi, period=str(year), municipality=None, value=value, by=programme_team)
    body = client.get(
        f"{API}/meetwaarden", {"kpi": "acp-ouderen", "periode_van": "2024", "periode_tot": "2025"}
    ).json()
    assert [r["periode"] for r in body["resultaten"]] == ["2024", "2025"]
    rows = client.get(
        f"{API}/meetwaarden", {"kpi": "acp-ouderen", "formaat": "csv", "bron": "manual"}
    ).content
    assert rows.decode("utf-8-sig").count("\n") == 4


def test_report_download_only_for_authorised_callers(request, client, plan):
    from tests.monitoring.test_reports import ready_report

    report = ready_report()
    url = f"{API}/kwartaalrapporten/{report.pk}/download"
    assert client.get(f"{API}/kwartaalrapporten/{report.pk}").json()["download"] is None
    assert client.get(url).status_code in (401, 403)
    for role, expected in [("partner", 403), ("board", 200), ("programme_team", 200)]:
        client.force_login(request.getfixturevalue(role))
        assert client.get(url).status_code == expected, role
    assert (
        client.get(f"{API}/kwartaalrapporten/{report.pk}").json()["download"].endswith("/download")
    )


def test_pages_link_to_the_exports(client, plan):
    html = client.get(reverse("regioplan:goal_list"), {"opgave": "2.5"}).content.decode()
    assert "/api/v1/operationele-doelen?opgave=2.5&amp;formaat=csv" in html
    html = client.get(reverse("monitoring:figure_list"), {"kpi": "acp-ouderen"}).content.decode()
    assert "/api/v1/meetwaarden?kpi=acp-ouderen&amp;formaat=xlsx" in html
    assert Organisation.objects.exists()


def test_user_rate_applies_to_logged_in_callers_only(client, plan, board, monkeypatch):
    from django.core.cache import cache

    from core.api.throttling import AuthenticatedRateThrottle

    monkeypatch.setattr(AuthenticatedRateThrottle, "rate", "2/minute", raising=False)
    cache.clear()
    assert all(
        client.get(f"{API}/gemeenten").status_code == 200 for _ in range(4)
    )  # anonymous: 'anon' rate
    client.force_login(board)
    assert [client.get(f"{API}/gemeenten").status_code for _ in range(3)] == [200, 200, 429]


def test_a_rename_keeps_the_key_and_the_old_address(client, plan, programme_team):
    from regioplan.services import organisation_update

    org = Organisation.objects.get(name="Treant")
    key = org.slug
    organisation_update(organisation=org, by=programme_team, name="Treant Zorggroep")
    org.refresh_from_db()
    assert org.slug == key
    body = client.get(f"{API}/organisaties/{key}").json()
    assert body["naam"] == "Treant Zorggroep"


def test_timestamps_are_utc_with_a_z(client, plan):
    body = client.get(f"{API}/operationele-doelen", {"page_size": 1}).json()
    stamp = body["resultaten"][0]["gewijzigd_op"]
    assert stamp.endswith("Z"), stamp


def test_last_modified_is_left_off_while_the_newest_change_is_under_a_second_old(
    client, plan, programme_team, monkeypatch
):
    import datetime as dt

    from core.api import base
    from regioplan.services import organisation_update

    changed = organisation_update(
        organisation=Organisation.objects.get(name="Cosis"), by=programme_team, sector="Zorg"
    )
    # The clock as the API sees it: 0.4 s, then 1.5 s after the change (so a slow machine,
    # where the request itself takes a second, cannot change the outcome).
    monkeypatch.setattr(
        base.timezone, "now", lambda: changed.updated_at + dt.timedelta(seconds=0.4)
    )
    fresh = client.get(f"{API}/organisaties")
    assert not fresh.has_header("Last-Modified") and fresh.has_header("ETag")
    monkeypatch.setattr(
        base.timezone, "now", lambda: changed.updated_at + dt.timedelta(seconds=1.5)
    )
    assert client.get(f"{API}/organisaties").has_header("Last-Modified")


def test_csv_exports_come_in_two_dialects_with_a_file_name(client, plan, programme_team):
    from monitoring.services import figure_create

    kpi = "overgewicht-volwassenen"
    figure_create(
        kpi=Kpi.objects.get(code=kpi),
        period="2024",
        municipality=None,
        value="38.5",
        by=programme_team,
    )
    dutch = client.get(f"{API}/meetwaarden", {"kpi": kpi, "formaat": "csv"})
    assert dutch.status_code == 200
    assert dutch["Content-Disposition"].startswith('attachment; filename="gezonde-marke-')
    body = dutch.content.decode("utf-8-sig")
    assert body.splitlines()[0].count(";") > 3 and ";38,5000;" in body
    tools = client.get(
        f"{API}/meetwaarden", {"kpi": kpi, "formaat": "csv", "csv_dialect": "rfc4180"}
    )
    text = tools.content.decode("utf-8-sig")
    assert text.splitlines()[0].count(",") > 3 and ",38.5000," in text


def test_the_xlsx_periode_column_is_text_throughout(client, plan, programme_team):
    import io

    import openpyxl

    from monitoring.services import figure_create

    figure_create(
        kpi=Kpi.objects.get(code="inwoners"),
        period="2024",
        municipality=None,
        value="500000",
        by=programme_team,
    )
    response = client.get(f"{API}/meetwaarden", {"kpi": "inwoners", "formaat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("periode")
    assert all(isinstance(r[column], str) for r in rows[1:])
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_a_service_error_names_the_api_field_and_nullable_times_are_documented(
    client_as, programme_team, client
):
    response = client_as(programme_team).post(
        f"{API}/meetwaarden",
        {"kpi": "inwoners", "periode": "2025Q3", "waarde": "1"},  # a yearly KPI
        content_type="application/json",
    )
    assert response.status_code == 400
    names = [p["name"] for p in response.json()["invalid-params"]]
    assert names == ["periode"], names
    schema = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    assert schema["ProgressUpdate"]["properties"]["goedgekeurd_op"]["nullable"] is True


def test_the_streamed_exports_hold_what_the_json_list_holds(client, plan, programme_team):
    """The NDJSON and CSV exports write values and times in the database (for speed at 100x);
    they must say what the JSON list says: the same value with four decimals, the same moment
    (RFC 3339, UTC), on PostgreSQL and SQLite alike."""
    import datetime as dt
    import json

    from monitoring.services import figure_create

    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    for period, value in [("2023", "38.5"), ("2024", "7"), ("2025", "40.1234")]:
        figure_create(kpi=kpi, period=period, municipality=None, value=value, by=programme_team)
    params = {"kpi": kpi.code}
    listed = {r["id"]: r for r in client.get(f"{API}/meetwaarden", params).json()["resultaten"]}
    lines = client.get(f"{API}/meetwaarden", {**params, "formaat": "ndjson"}).content.decode()
    records = [json.loads(line) for line in lines.splitlines()]
    assert len(records) == len(listed) == 3
    for record in records:
        json_row = listed[record["id"]]
        assert record["waarde"] == json_row["waarde"]  # '38.5000', '7.0000', '40.1234'
        for field in ("ingevoerd_op", "gewijzigd_op"):
            moment = dt.datetime.fromisoformat(record[field])
            assert moment.utcoffset() == dt.timedelta(0)  # UTC, with its offset written
            assert moment == dt.datetime.fromisoformat(json_row[field]), field
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"{API}/meetwaarden", {**params, "formaat": "csv"}).content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )
    header, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert "waarde" in header
    for record in records:
        row = body[str(record["id"])]
        assert row["waarde"] == record["waarde"].replace(".", ",")
        assert row["gewijzigd_op"] == record["gewijzigd_op"]
