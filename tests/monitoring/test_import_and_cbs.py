"""Nobody registers twice: CSV/Excel import with a dry run, and the CBS StatLine connector."""

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from monitoring import services
from monitoring.models import Figure, Kpi
from monitoring.services.imports import import_rows
from monitoring.sources import cbs, files
from regioplan.models import Municipality

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cbs" / "85012NED_overgewicht.json"

CSV = (
    "kpi;periode;gemeente;waarde;bron\n"
    "overgewicht-volwassenen;2024;GM0106;48,5;GGD\n"
    "overgewicht-volwassenen;2024;Emmen;55;GGD\n"
    "overgewicht-volwassenen;2024;Parijs;50;GGD\n"
    "acp-ouderen;2045;;50;\n"
    "onbekend;2024;;1;\n"
    "overgewicht-volwassenen;2024;Assen;48;dubbel\n"
)


def test_dry_run_reports_row_errors_and_saves_nothing(plan):
    result = files.check_rows(files.read_table("cijfers.csv", CSV.encode()))
    errors = {row.number: " ".join(row.errors) for row in result.invalid}
    assert len(result.valid) == 2
    assert "geen Drentse gemeente" in errors[4]
    assert "looptijd van het plan" in errors[5]
    assert "onbekende KPI" in errors[6]
    assert "twee keer in het bestand" in errors[7]
    assert not Figure.objects.exists()


def test_import_with_errors_saves_nothing_unless_valid_rows_only(plan, programme_team):
    table = files.read_table("cijfers.csv", CSV.encode())
    assert import_rows(table, by=programme_team).saved == 0
    assert not Figure.objects.exists()
    assert import_rows(table, by=programme_team, valid_only=True).saved == 2
    assert Figure.objects.get(municipality__cbs_code="GM0106").value == Decimal("48.5")


def test_import_refuses_figures_that_already_exist(plan, programme_team):
    services.figure_create(
        kpi=Kpi.objects.get(code="acp-ouderen"),
        period="2025",
        municipality=None,
        value="50",
        by=programme_team,
    )
    result = files.check_rows(
        [{"kpi": "acp-ouderen", "periode": "2025", "gemeente": "", "waarde": "51"}]
    )
    assert "Er is al een waarde" in result.invalid[0].errors[0]


def test_excel_import(plan, programme_team):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KPI", "Periode", "Gemeente", "Waarde", "Bron"])
    sheet.append(["acp-ouderen", 2025, None, 61.5, "Huisartsen"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_rows(files.read_table("cijfers.xlsx", buffer.getvalue()), by=programme_team)
    assert result.saved == 1 and Figure.objects.get().value == Decimal("61.5")


def test_unreadable_files_get_a_clear_error(plan):
    with pytest.raises(ValidationError, match="CSV- of Excel"):
        files.read_table("cijfers.txt", b"x")
    with pytest.raises(ValidationError, match="ontbreken"):
        files.read_table("cijfers.csv", b"naam;getal\na;1\n")
    with pytest.raises(ValidationError, match="Excel-bestand"):
        files.read_table("cijfers.xlsx", b"geen zip")


def test_import_page_previews_then_confirms(client_as, programme_team, plan):
    client = client_as(programme_team)
    upload = SimpleUploadedFile("cijfers.csv", CSV.encode(), content_type="text/csv")
    html = client.post(reverse("monitoring:figure_import"), {"file": upload}).content.decode()
    assert "2 goede regels, 4 met fouten" in html and "geen Drentse gemeente" in html
    assert not Figure.objects.exists()
    client.post(reverse("monitoring:figure_import"), {"bevestigen": "1"})
    assert not Figure.objects.exists()  # errors and no "valid rows only": nothing saved
    client.post(reverse("monitoring:figure_import"), {"bevestigen": "1", "alleen_geldige": "on"})
    assert Figure.objects.count() == 2


def recorded(url):
    pages = json.loads(FIXTURE.read_text())["pages"]
    return pages[1] if "$skiptoken" in url else pages[0]


def test_cbs_parses_padded_regions_and_period_codes():
    assert str(cbs.parse_period("2022JJ00")) == "2022"
    assert str(cbs.parse_period("2022KW03")) == "2022Q3"
    assert cbs.parse_period("2022MM01") is None


def test_cbs_connector_stores_the_12_municipalities_with_source(plan, programme_team):
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    result = cbs.import_cbs(
        kpi=kpi,
        table="85012NED",
        measure="Overgewicht_4",
        first_year=2020,
        last_year=2024,
        by=programme_team,
        fetch=recorded,
    )
    assert result.created == 12 and not result.skipped
    assen = Figure.objects.get(kpi=kpi, municipality__cbs_code="GM0106", period="2020")
    assert (
        assen.value == Decimal("48.6") and assen.origin == "cbs" and "85012NED" in assen.source_note
    )
    again = cbs.import_cbs(
        kpi=kpi,
        table="85012NED",
        measure="Overgewicht_4",
        first_year=2020,
        last_year=2024,
        by=programme_team,
        fetch=recorded,
    )
    assert (again.created, again.unchanged) == (0, 12)


def test_cbs_never_overwrites_a_figure_from_another_source(plan, programme_team):
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    assen = Municipality.objects.get(cbs_code="GM0106")
    services.figure_create(
        kpi=kpi, period="2020", municipality=assen, value="40", by=programme_team
    )
    result = cbs.import_cbs(
        kpi=kpi,
        table="85012NED",
        measure="Overgewicht_4",
        first_year=2020,
        last_year=2020,
        by=programme_team,
        fetch=recorded,
    )
    assert result.created == 11 and len(result.skipped) == 1
    assert Figure.objects.get(kpi=kpi, municipality__cbs_code="GM0106").value == Decimal("40")


def test_cbs_bad_table_id_is_refused(plan, programme_team):
    with pytest.raises(ValidationError, match="geen CBS-tabelnummer"):
        cbs.import_cbs(
            kpi=Kpi.objects.get(code="inwoners"),
            table="85012NED; drop",
            measure="x",
            first_year=2020,
            last_year=2021,
            by=programme_team,
            fetch=recorded,
        )


def test_cbs_command_and_page_use_the_same_connector(plan, programme_team, client_as, monkeypatch):
    monkeypatch.setattr("monitoring.sources.cbs.http_fetch", recorded)
    call_command(
        "fetch_cbs",
        "overgewicht-volwassenen",
        "85012NED",
        "Overgewicht_4",
        "--from",
        "2020",
        "--to",
        "2020",
    )
    assert Figure.objects.filter(origin="cbs").count() == 12
    html = (
        client_as(programme_team)
        .post(
            reverse("monitoring:cbs_fetch"),
            {
                "kpi": Kpi.objects.get(code="overgewicht-volwassenen").pk,
                "table": "85012NED",
                "measure": "Overgewicht_4",
                "first_year": 2020,
                "last_year": 2020,
            },
        )
        .content.decode()
    )
    assert "0 nieuw, 0 bijgewerkt, 12 ongewijzigd" in html


def test_tests_cannot_reach_the_network(plan, programme_team):
    with pytest.raises(RuntimeError, match="network access"):
        cbs.import_cbs(
            kpi=Kpi.objects.get(code="inwoners"),
            table="03759NED",
            measure="Bevolking_1",
            first_year=2020,
            last_year=2021,
            by=programme_team,
        )
