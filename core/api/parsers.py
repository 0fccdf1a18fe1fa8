"""JSON bodies within bounds (nesting depth and NUL characters are refused with a 400), and
CSV tables for the bulk endpoints."""

import csv
import io

from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser, JSONParser

MAX_DEPTH = 20  # far deeper than any resource of this API
# A body larger than this is refused before it is parsed (bulk loads are the largest).
MAX_BODY_BYTES = 5 * 1024 * 1024


def read_bounded(stream, limit: int = MAX_BODY_BYTES) -> bytes:
    """Read the body, refusing it (413) as soon as it passes `limit` bytes."""
    raw = stream.read(limit + 1) if stream is not None else b""
    if len(raw) > limit:
        raise BodyTooLarge(
            _("De aanvraag is te groot: hoogstens %(n)s MB.") % {"n": limit // (1024 * 1024)}
        )
    return raw


class BodyTooLarge(APIException):
    status_code = 413
    default_code = "te_groot"


def _check(value, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(
            _("De JSON is te diep genest (hoogstens %(n)s niveaus).") % {"n": MAX_DEPTH}
        )
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(_("De aanvraag bevat een ongeldig teken (NUL)."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_bounded(stream)
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("De JSON is te diep genest (hoogstens %(n)s niveaus).") % {"n": MAX_DEPTH}
            ) from None
        _check(data)
        return data


class CSVTableParser(BaseParser):
    """A CSV body (`text/csv`, UTF-8; `;`, `,` or tab) as a list of rows keyed by lower-case
    column name. Read row by row: past the view's `max_rows` it stops with a 400, so a huge
    table costs no more than its first rows."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        view = (parser_context or {}).get("view")
        max_rows = getattr(view, "max_rows", None)
        raw = read_bounded(stream)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ParseError(_("Stuur de CSV als UTF-8.")) from None
        if "\x00" in text:
            raise ParseError(_("De aanvraag bevat een ongeldig teken (NUL)."))
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames or []]
        rows = []
        try:
            for row in reader:
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue
                if max_rows is not None and len(rows) >= max_rows:
                    raise ParseError(
                        _("Te veel regels: stuur hoogstens %(n)s regels per keer.")
                        % {"n": max_rows}
                    )
                rows.append({k: v for k, v in row.items() if k})
        except csv.Error as exc:
            raise ParseError(_("Deze CSV kan niet worden gelezen: %(e)s") % {"e": exc}) from None
        return rows
