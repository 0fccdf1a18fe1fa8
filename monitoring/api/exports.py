"""Streamed exports of figures (CSV and NDJSON): the same columns and filters as the JSON list,
read in chunks straight from the database, written as they are read.

At 100x data (about 400,000 figures) building every row through the serializer takes most
of a minute and holds it all in memory; here a row is a tuple and a line of text."""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from core.api.renderers import DIALECTS, csv_dialect, csv_safe

from ..models import FIGURE_WORDS

COLUMNS = [
    ("id", "pk"),
    ("kpi", "kpi__code"),
    ("periode", "period"),
    ("gemeente", "municipality__cbs_code"),
    ("gebied", "neighbourhood__cbs_code"),
    ("gebiedsnaam", "neighbourhood__name"),
    ("gemeentenaam", "municipality__name"),
    ("waarde", "value"),
    ("eenheid", "kpi__unit"),
    ("herkomst", "origin"),
    ("bron", "source_note"),
    ("beoordeling", "status"),
    ("mogelijke_uitschieter", "is_outlier"),
    ("demo", "is_demo"),
    ("voortgangsrapportage", "update_id"),
    ("ingevoerd_op", "entered_at"),
    ("gewijzigd_op", "updated_at"),
]
HEADER = [
    "id",
    "kpi",
    "periode",
    "gemeente",
    "niveau",
    "gebied",
    "gebiedsnaam",
    "waarde",
    "onderdrukt",
    "herkomst",
    "bron",
    "beoordeling",
    "mogelijke_uitschieter",
    "demo",
    "voortgangsrapportage",
    "ingevoerd_op",
    "gewijzigd_op",
]
CHUNK = 5000


def _records(queryset, *, reviewer: bool):
    """Each figure as a dict of the list's fields (as the serializer names them)."""
    minimum = settings.MONITORING_WIJK_MIN_COUNT
    origin, status = FIGURE_WORDS["origin"], FIGURE_WORDS["status"]
    fields = [f for _name, f in COLUMNS]
    for row in queryset.order_by().values_list(*fields).iterator(chunk_size=CHUNK):
        r = dict(zip([n for n, _f in COLUMNS], row, strict=True))
        wijk = r["gebied"]
        hidden = (
            not reviewer and wijk is not None and r["eenheid"] == "count" and r["waarde"] < minimum
        )
        yield {
            "id": r["id"],
            "kpi": r["kpi"],
            "periode": r["periode"],
            "gemeente": r["gemeente"],
            "niveau": "wijk" if wijk else ("gemeente" if r["gemeente"] else "drenthe"),
            "gebied": wijk or r["gemeente"] or "PV22",
            "gebiedsnaam": r["gebiedsnaam"] or r["gemeentenaam"] or "Drenthe",
            "waarde": None if hidden else f"{r['waarde']:.4f}",
            "onderdrukt": hidden,
            "herkomst": origin.get(r["herkomst"], r["herkomst"]),
            "bron": r["bron"],
            "beoordeling": status.get(r["beoordeling"], r["beoordeling"]),
            "mogelijke_uitschieter": r["mogelijke_uitschieter"],
            "demo": r["demo"],
            "voortgangsrapportage": r["voortgangsrapportage"],
            "ingevoerd_op": _moment(r["ingevoerd_op"]),
            "gewijzigd_op": _moment(r["gewijzigd_op"]),
        }


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def _csv_lines(records, request):
    delimiter, decimal = DIALECTS[csv_dialect(request)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    buffer.write("\ufeff")  # so Excel opens UTF-8 with the right accents
    writer.writerow(HEADER)
    for n, record in enumerate(records, start=1):
        cells = []
        for name in HEADER:
            value = record[name]
            if value is None:
                value = ""
            elif name == "waarde" and decimal == ",":
                value = value.replace(".", ",")
            elif isinstance(value, bool):
                value = "true" if value else "false"
            cells.append(csv_safe(value))
        writer.writerow(cells)
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _ndjson_lines(records):
    batch = []
    for record in records:
        batch.append(json.dumps(record, ensure_ascii=False))
        if len(batch) == 1000:
            yield "\n".join(batch) + "\n"
            batch = []
    if batch:
        yield "\n".join(batch) + "\n"


# Up to this many rows an export is sent whole (with a length, and an ETag for a poller);
# beyond it, streamed: the first bytes leave at once, memory stays flat.
WHOLE_UP_TO = 10_000


def stream_figures(queryset, request, fmt: str, *, reviewer: bool) -> HttpResponse:
    records = _records(queryset, reviewer=reviewer)
    if fmt == "csv":
        body, kind = _csv_lines(records, request), "text/csv; charset=utf-8"
    else:
        body, kind = _ndjson_lines(records), "application/x-ndjson; charset=utf-8"
    if queryset.order_by().count() <= WHOLE_UP_TO:
        response = HttpResponse("".join(body).encode(), content_type=kind)
    else:
        response = StreamingHttpResponse((chunk.encode() for chunk in body), content_type=kind)
    name = f"gezonde-marke-meetwaarden-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
