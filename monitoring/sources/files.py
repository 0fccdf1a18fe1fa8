"""Import figures from CSV or Excel, with a dry run and row-level errors.

Columns (header names, case-insensitive): kpi, periode, gemeente, waarde, bron.
`gemeente` may be a CBS code (GM0106), a name (Assen) or empty / "Drenthe".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Figure, Kpi
from ..services.values import (
    CleanFigure,
    approved_histories,
    area_from,
    clean_figure,
    duplicate_error,
    municipality_index,
    outlier_in,
)

COLUMNS = ("kpi", "periode", "gemeente", "waarde", "bron", "gebiedsnaam")


@dataclass
class ImportRow:
    number: int
    raw: dict
    clean: CleanFigure | None = None
    errors: list[str] = field(default_factory=list)
    outlier: bool = False  # a possible outlier: needs a confirmation before it is saved


@dataclass
class ImportResult:
    rows: list[ImportRow]
    saved: int = 0
    needs_confirmation: bool = False

    @property
    def outliers(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outlier and not r.errors]

    @property
    def valid(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def invalid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]


# A file is read row by row, and reading stops at the first row past the limit: a sheet of a
# million rows (or sixteen thousand columns) costs no more than the limit's worth of rows.
MAX_COLUMNS = 20  # the five known columns, with room for a few of the user's own


def _too_many() -> ValidationError:
    return ValidationError(
        _("Te veel regels: maximaal %(n)s per bestand.")
        % {"n": settings.MONITORING_MAX_IMPORT_ROWS}
    )


def _xlsx_rows(content: bytes):
    import openpyxl

    try:
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise ValidationError(_("Dit Excel-bestand kan niet worden gelezen.")) from exc
    declared = getattr(sheet, "max_row", None)  # from the sheet's own dimension, if it has one
    if declared and declared > settings.MONITORING_MAX_IMPORT_ROWS * 2 + 1:
        raise _too_many()
    try:
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            yield ["" if v is None else v for v in row]
    except Exception as exc:
        raise ValidationError(_("Dit Excel-bestand kan niet worden gelezen.")) from exc


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Sla het CSV-bestand op als UTF-8.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text), dialect=dialect):
            yield row[:MAX_COLUMNS]
    except csv.Error as exc:
        raise ValidationError(_("Dit CSV-bestand kan niet worden gelezen.")) from exc


def read_table(name: str, content: bytes) -> list[dict]:
    """Return the rows of a CSV or XLSX file as dicts keyed by lower-case header."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif lower.endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise ValidationError(_("Kies een CSV- of Excel-bestand (.csv of .xlsx)."))
    header = [str(h or "").strip().lower() for h in next(rows, [])]
    missing = [c for c in ("kpi", "periode", "waarde") if c not in header]
    if missing:
        raise ValidationError(_("Deze kolommen ontbreken: %(c)s.") % {"c": ", ".join(missing)})
    limit, blank, table = settings.MONITORING_MAX_IMPORT_ROWS, 0, []
    for row in rows:
        if not any(str(v).strip() for v in row):
            blank += 1  # empty rows count towards a limit of their own (formatting to row 1M)
            if blank > limit:
                raise _too_many()
            continue
        if len(table) >= limit:
            raise _too_many()
        table.append(dict(zip(header, row, strict=False)))
    return table


def check_rows(table: list[dict]) -> ImportResult:
    """Validate every row without saving anything (the dry run)."""
    kpis = {k.code.lower(): k for k in Kpi.objects.all()}
    municipalities = municipality_index()
    existing = {
        (kpi_id, period, wijk or municipality)
        for kpi_id, period, municipality, wijk in Figure.all_levels.values_list(
            "kpi_id", "period", "municipality_id", "neighbourhood__cbs_code"
        )
    }
    histories = approved_histories(k.pk for k in kpis.values())  # one query, not one per row
    wijk_histories: dict[tuple, list] = {}
    for kpi_id, code, period, value in Figure.all_levels.filter(
        neighbourhood__isnull=False, status=Figure.Status.APPROVED
    ).values_list("kpi_id", "neighbourhood__cbs_code", "period", "value"):
        wijk_histories.setdefault((kpi_id, code), []).append((period, value))
    seen: set = set()
    rows = []
    for n, raw in enumerate(table, start=2):  # row 1 is the header
        row = ImportRow(n, {c: str(raw.get(c, "")).strip() for c in COLUMNS})
        kpi = kpis.get(row.raw["kpi"].lower())
        if kpi is None:
            row.errors.append(_("onbekende KPI '%(k)s'") % {"k": row.raw["kpi"]})
        try:
            municipality, wijk = area_from(
                row.raw["gemeente"], municipalities, name=row.raw.get("gebiedsnaam", "")
            )
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            municipality = wijk = None
        if kpi is not None and not row.errors:
            try:
                row.clean = clean_figure(
                    kpi=kpi,
                    period=row.raw["periode"],
                    municipality=municipality,
                    value=row.raw["waarde"],
                    source_note=row.raw["bron"],
                )
            except ValidationError as exc:
                row.errors.extend(exc.messages)
            else:
                row.clean.neighbourhood = wijk
        if row.clean:
            place = wijk.cbs_code if wijk is not None else getattr(municipality, "pk", None)
            key = (kpi.pk, str(row.clean.period), place)
            if key in existing:
                row.errors.extend(
                    duplicate_error(kpi, row.clean.period, municipality, wijk).messages
                )
            elif key in seen:
                row.errors.append(_("staat twee keer in het bestand"))
            seen.add(key)
            if not row.errors:
                history = (
                    histories[(kpi.pk, getattr(municipality, "pk", None))]
                    if wijk is None
                    else wijk_histories.get((kpi.pk, wijk.cbs_code), [])
                )
                row.outlier = outlier_in(kpi, row.clean.period, row.clean.value, history)
        rows.append(row)
    return ImportResult(rows)
