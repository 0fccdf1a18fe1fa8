"""JSON bodies within bounds: nesting depth and NUL characters are refused with a 400."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

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
