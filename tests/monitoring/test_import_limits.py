"""Uploads and bulk bodies are limited in bytes and rows before they are parsed, and read row
by row: a huge file is refused with a clear message instead of keeping a worker busy."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.services import token_create
from monitoring.sources import files

pytestmark = pytest.mark.django_db


def _xlsx(sheet_xml: str) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet_xml` (rows written as text)."""
    book = openpyxl.Workbook()
    book.active.append(["kpi", "periode", "waarde"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            dst.writestr(item, data)
    return out.getvalue()


def _sheet(rows: str, dimension: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}<sheetData>{rows}</sheetData></worksheet>"
    )


HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>kpi</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>periode</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>waarde</t></is></c></row>'
)


def test_a_sheet_of_many_rows_is_refused_after_the_limit(settings):
    settings.MONITORING_MAX_IMPORT_ROWS = 50
    body = "".join(f'<row r="{n}"><c r="C{n}"><v>1</v></c></row>' for n in range(2, 100_000))
    content = _xlsx(_sheet(HEADER + body))
    assert len(content) < 1_000_000  # small on disk, large when read
    with pytest.raises(ValidationError, match="Te veel regels"):
        files.read_table("cijfers.xlsx", content)


def test_a_sheet_that_declares_a_million_rows_is_refused_before_reading_them(settings):
    content = _xlsx(_sheet(HEADER, dimension='<dimension ref="A1:C1000000"/>'))
    with pytest.raises(ValidationError, match="Te veel regels"):
        files.read_table("cijfers.xlsx", content)


def test_a_sheet_of_many_columns_reads_only_the_first_ones():
    cells = "".join(
        f'<c r="{openpyxl.utils.get_column_letter(i)}2"><v>{i}</v></c>' for i in range(1, 16_000)
    )
    content = _xlsx(_sheet(HEADER + f'<row r="2">{cells}</row>'))
    table = files.read_table("cijfers.xlsx", content)
    assert len(table) == 1 and table[0]["waarde"] == 3


def test_a_csv_of_many_rows_is_refused_after_the_limit(settings):
    settings.MONITORING_MAX_IMPORT_ROWS = 50
    content = ("kpi;periode;waarde\n" + "inwoners;2024;1\n" * 100_000).encode()
    with pytest.raises(ValidationError, match="Te veel regels"):
        files.read_table("cijfers.csv", content)


def test_the_import_page_refuses_a_file_over_the_size_limit(client_as, programme_team, settings):
    settings.MONITORING_MAX_IMPORT_BYTES = 1000
    upload = SimpleUploadedFile("cijfers.csv", b"kpi;periode;waarde\n" + b"x;2024;1\n" * 200)
    response = client_as(programme_team).post(reverse("monitoring:figure_import"), {"file": upload})
    assert response.status_code == 200
    assert "te groot" in response.content.decode()


def test_the_bulk_api_checks_the_partners_update_before_reading_a_row(
    client, partner, partner_b, ggd_goal
):
    from monitoring import services

    other = services.update_start(
        goal=ggd_goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    key = token_create(user=partner_b, name="t")[1]
    # Rows that would fail validation: the refusal must come from the update check, first.
    body = "kpi;periode\n" + "roken-volwassenen;2026\n" * 4_000
    response = client.post(
        f"/api/v1/meetwaarden/bulk?voortgangsrapportage={other.pk}",
        body,
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 403


def test_the_bulk_api_refuses_too_many_rows_and_too_many_bytes(client, programme_team):
    key = token_create(user=programme_team, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    rows = "kpi;periode;waarde\n" + "inwoners;2024;1\n" * 20_000
    many = client.post("/api/v1/meetwaarden/bulk", rows, content_type="text/csv", **auth)
    assert many.status_code == 400 and "Te veel regels" in many.content.decode()
    big = "kpi;periode;waarde\n" + "inwoners;2024;1;" + "x" * (6 * 1024 * 1024) + "\n"
    huge = client.post("/api/v1/meetwaarden/bulk", big, content_type="text/csv", **auth)
    assert huge.status_code == 413 and "te groot" in huge.content.decode(), huge.content[:300]
    as_json = client.post(
        "/api/v1/meetwaarden/bulk",
        {"meetwaarden": [{"kpi": "inwoners", "periode": "2024", "waarde": "1"}] * 6000},
        content_type="application/json",
        **auth,
    )
    assert as_json.status_code == 400 and "hoogstens 5000" in as_json.content.decode()
