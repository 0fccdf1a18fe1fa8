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
    clean_figure,
    duplicate_error,
    municipality_from,
    municipality_index,
    outlier_in,
)

COLUMNS = ("kpi", "periode", "gemeente", "waarde", "bron")


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


def read_table(name: str, content: bytes) -> list[dict]:
    """Return the rows of a CSV or XLSX file as dicts keyed by lower-case header."""
    if name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            sheet = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            ).active
        except Exception as exc:  # openpyxl raises several types for a broken file
            raise ValidationError(_("Dit Excel-bestand kan niet worden gelezen.")) from exc
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip().lower() for h in rows[0]]
        table = [
            dict(zip(header, ["" if v is None else v for v in row], strict=False))
            for row in rows[1:]
        ]
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Sla het CSV-bestand op als UTF-8.")) from exc
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames or []]
        table = list(reader)
    else:
        raise ValidationError(_("Kies een CSV- of Excel-bestand (.csv of .xlsx)."))
    missing = [c for c in ("kpi", "periode", "waarde") if table and c not in table[0]]
    if missing:
        raise ValidationError(_("Deze kolommen ontbreken: %(c)s.") % {"c": ", ".join(missing)})
    table = [r for r in table if any(str(v).strip() for v in r.values())]
    if len(table) > settings.MONITORING_MAX_IMPORT_ROWS:
        raise ValidationError(
            _("Te veel regels: maximaal %(n)s per bestand.")
            % {"n": settings.MONITORING_MAX_IMPORT_ROWS}
        )
    return table


def check_rows(table: list[dict]) -> ImportResult:
    """Validate every row without saving anything (the dry run)."""
    kpis = {k.code.lower(): k for k in Kpi.objects.all()}
    municipalities = municipality_index()
    existing = set(Figure.objects.values_list("kpi_id", "period", "municipality_id"))
    histories = approved_histories(k.pk for k in kpis.values())  # one query, not one per row
    seen: set = set()
    rows = []
    for n, raw in enumerate(table, start=2):  # row 1 is the header
        row = ImportRow(n, {c: str(raw.get(c, "")).strip() for c in COLUMNS})
        kpi = kpis.get(row.raw["kpi"].lower())
        if kpi is None:
            row.errors.append(_("onbekende KPI '%(k)s'") % {"k": row.raw["kpi"]})
        try:
            municipality = municipality_from(row.raw["gemeente"], municipalities)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            municipality = None
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
        if row.clean:
            key = (kpi.pk, str(row.clean.period), getattr(municipality, "pk", None))
            if key in existing:
                row.errors.extend(duplicate_error(kpi, row.clean.period, municipality).messages)
            elif key in seen:
                row.errors.append(_("staat twee keer in het bestand"))
            seen.add(key)
            if not row.errors:
                history = histories[(kpi.pk, getattr(municipality, "pk", None))]
                row.outlier = outlier_in(kpi, row.clean.period, row.clean.value, history)
        rows.append(row)
    return ImportResult(rows)
