"""CSV and Excel exports of a collection, with the same filters as the JSON list."""

import csv
import io
import re

from rest_framework.renderers import BaseRenderer


def _rows(data):
    if isinstance(data, dict) and "resultaten" in data:
        data = data["resultaten"]
    if isinstance(data, dict):  # an error body
        return [], []
    rows = list(data or [])
    header = list(rows[0].keys()) if rows else []
    return header, rows


def _item(value) -> str:
    if isinstance(value, dict) and "naam" in value:  # a linked object: its name and role
        return f"{value['naam']} ({value['rol']})" if value.get("rol") else str(value["naam"])
    return str(value)


def _cell(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(_item(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return "" if value is None else value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A cell value a spreadsheet will not run as a formula: text that starts like a formula
    gets a leading apostrophe (OWASP's advice for CSV injection). Numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


DECIMAL = re.compile(r"^-?\d+\.\d+$")  # how the API writes a decimal number
# Two dialects (csv_dialect=...): Dutch Excel reads ';' with a decimal comma; tools (pandas,
# R, databases) read RFC 4180: ',' with a decimal point.
DIALECTS = {"excel-nl": (";", ","), "rfc4180": (",", ".")}
DEFAULT_DIALECT = "excel-nl"


def csv_dialect(request) -> str:
    name = request.query_params.get("csv_dialect", DEFAULT_DIALECT) if request else ""
    return name if name in DIALECTS else DEFAULT_DIALECT


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        request = (renderer_context or {}).get("request")
        delimiter, decimal = DIALECTS[csv_dialect(request)]
        header, rows = _rows(data)
        out = io.StringIO()
        out.write("\ufeff")  # so Excel opens UTF-8 with the right accents
        writer = csv.writer(out, delimiter=delimiter)
        if header:
            writer.writerow(header)
        for row in rows:
            cells = []
            for h in header:
                value = _cell(row.get(h))
                if isinstance(value, str) and DECIMAL.match(value) and decimal == ",":
                    value = value.replace(".", ",")
                cells.append(csv_safe(value))
            writer.writerow(cells)
        return out.getvalue().encode("utf-8")


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        import openpyxl
        from openpyxl.cell import WriteOnlyCell

        header, rows = _rows(data)
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Gezonde Marke")
        if header:
            sheet.append(header)
        for row in rows:
            values = []
            for h in header:
                v = _cell(row.get(h))
                # Only decimals become numbers: a column such as 'periode' (2025, 2025Q3)
                # stays text throughout instead of mixing numbers and text.
                if isinstance(v, str) and DECIMAL.match(v):
                    v = float(v)
                if isinstance(v, str) and v.startswith("="):  # text, not a formula to run
                    v = WriteOnlyCell(sheet, value=v)
                    v.data_type = "s"
                values.append(v)
            sheet.append(values)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


class NDJSONRenderer(BaseRenderer):
    """Newline-delimited JSON: one object per line. Lists that offer it stream their rows
    (monitoring's figures); this renderer only serves content negotiation and errors."""

    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        import json

        rows = data.get("resultaten", [data]) if isinstance(data, dict) else (data or [])
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows).encode()
