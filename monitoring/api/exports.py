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


def _rows(queryset, *, reviewer: bool):
    """Each figure as a tuple in HEADER's order, read in chunks; built without a dict or a
    model instance per row (at 100x data that is most of the cost)."""
    minimum = settings.MONITORING_WIJK_MIN_COUNT
    origin, status = FIGURE_WORDS["origin"], FIGURE_WORDS["status"]
    moments: dict = {}  # a time of change repeats: a bulk load writes one for many rows

    def moment(value):
        text = moments.get(value)
        if text is None and value is not None:
            text = moments.setdefault(value, timezone.localtime(value).isoformat())
        return text

    fields = [f for _name, f in COLUMNS]
    for (
        pk,
        kpi,
        period,
        municipality,
        wijk,
        wijk_name,
        municipality_name,
        value,
        unit,
        source,
        note,
        state,
        outlier,
        demo,
        update,
        entered,
        changed,
    ) in queryset.order_by().values_list(*fields).iterator(chunk_size=CHUNK):
        hidden = not reviewer and wijk is not None and unit == "count" and value < minimum
        yield (
            pk,
            kpi,
            period,
            municipality,
            "wijk" if wijk else ("gemeente" if municipality else "drenthe"),
            wijk or municipality or "PV22",
            wijk_name or municipality_name or "Drenthe",
            None if hidden else f"{value:.4f}",
            hidden,
            origin.get(source, source),
            note,
            status.get(state, state),
            outlier,
            demo,
            update,
            moment(entered),
            moment(changed),
        )


def _csv_lines(rows, request):
    delimiter, decimal = DIALECTS[csv_dialect(request)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    buffer.write("\ufeff")  # so Excel opens UTF-8 with the right accents
    writer.writerow(HEADER)
    value_at, note_at = HEADER.index("waarde"), HEADER.index("bron")
    names_at = (HEADER.index("gebiedsnaam"), note_at)
    for n, row in enumerate(rows, start=1):
        cells = [
            "" if v is None else ("true" if v is True else "false" if v is False else v)
            for v in row
        ]
        if decimal == "," and cells[value_at]:
            cells[value_at] = cells[value_at].replace(".", ",")
        for i in names_at:  # free text: never run as a formula in a spreadsheet
            cells[i] = csv_safe(cells[i])
        writer.writerow(cells)
        if n % 2000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _ndjson_lines(rows):
    batch = []
    keys = [json.dumps(h) + ":" for h in HEADER]
    for row in rows:
        batch.append("{" + ",".join(k + _dumps(v) for k, v in zip(keys, row, strict=True)) + "}")
        if len(batch) == 2000:
            yield "\n".join(batch) + "\n"
            batch = []
    if batch:
        yield "\n".join(batch) + "\n"


# Up to this many rows an export is sent whole (with a length, and an ETag for a poller);
# beyond it, streamed: the first bytes leave at once, memory stays flat.
WHOLE_UP_TO = 10_000


def stream_figures(queryset, request, fmt: str, *, reviewer: bool) -> HttpResponse:
    rows = _rows(queryset, reviewer=reviewer)
    if fmt == "csv":
        body, kind = _csv_lines(rows, request), "text/csv; charset=utf-8"
    else:
        body, kind = _ndjson_lines(rows), "application/x-ndjson; charset=utf-8"
    if queryset.order_by().count() <= WHOLE_UP_TO:
        response = HttpResponse("".join(body).encode(), content_type=kind)
    else:
        response = StreamingHttpResponse((chunk.encode() for chunk in body), content_type=kind)
    name = f"gezonde-marke-meetwaarden-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
