"""JSON bodies within bounds (nesting depth and NUL characters are refused with a 400), and
CSV tables for the bulk endpoints."""

import csv
import io

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, JSONParser

MAX_DEPTH = 20  # far deeper than any resource of this API


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
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("De JSON is te diep genest (hoogstens %(n)s niveaus).") % {"n": MAX_DEPTH}
            ) from None
        _check(data)
        return data


class CSVTableParser(BaseParser):
    """A CSV body (`text/csv`, UTF-8; `;`, `,` or tab) as a list of rows keyed by lower-case
    column name."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
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
        try:
            return [
                {k: v for k, v in row.items() if k}
                for row in reader
                if any((v or "").strip() for v in row.values() if isinstance(v, str))
            ]
        except csv.Error as exc:
            raise ParseError(_("Deze CSV kan niet worden gelezen: %(e)s") % {"e": exc}) from None
