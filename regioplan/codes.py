"""Goal codes: validation and normalisation.

The source writes codes with varying separators ("2.1.1. A", "2.6.1 C", "2.1.1."); the
portal stores one form: "2.1.1.A" for operational goals, "2.1.1" for strategic goals.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

THEME_CODE = re.compile(r"^\d\.\d$")
STRATEGIC_CODE = re.compile(r"^\d\.\d\.\d{1,2}$")
OPERATIONAL_CODE = re.compile(r"^\d\.\d\.\d{1,2}\.[A-Z]$")

_LOOSE_OPERATIONAL = re.compile(r"^\s*(\d)\s*\.\s*(\d)\s*\.\s*(\d{1,2})\s*\.?\s*([A-Za-z])\s*$")
_LOOSE_STRATEGIC = re.compile(r"^\s*(\d)\s*\.\s*(\d)\s*\.\s*(\d{1,2})\s*\.?\s*$")


def normalise_operational_code(raw: str) -> str:
    """Return the canonical form of an operational-goal code, or raise ValidationError."""
    match = _LOOSE_OPERATIONAL.match(raw or "")
    if not match:
        raise ValidationError(
            _(
                "'%(code)s' is geen geldige code voor een operationeel doel. Gebruik de vorm "
                "2.1.1.A."
            ),
            code="invalid_code",
            params={"code": raw},
        )
    a, b, c, letter = match.groups()
    return f"{a}.{b}.{int(c)}.{letter.upper()}"


def normalise_strategic_code(raw: str) -> str:
    """Return the canonical form of a strategic-goal code, or raise ValidationError."""
    match = _LOOSE_STRATEGIC.match(raw or "")
    if not match:
        raise ValidationError(
            _("'%(code)s' is geen geldige code voor een strategisch doel. Gebruik de vorm 2.1.1."),
            code="invalid_code",
            params={"code": raw},
        )
    a, b, c = match.groups()
    return f"{a}.{b}.{int(c)}"


def validate_operational_code(value: str) -> None:
    if not OPERATIONAL_CODE.match(value or ""):
        raise ValidationError(
            _(
                "'%(code)s' is geen geldige code voor een operationeel doel. Gebruik de vorm "
                "2.1.1.A."
            ),
            code="invalid_code",
            params={"code": value},
        )


def validate_strategic_code(value: str) -> None:
    if not STRATEGIC_CODE.match(value or ""):
        raise ValidationError(
            _("'%(code)s' is geen geldige code voor een strategisch doel. Gebruik de vorm 2.1.1."),
            code="invalid_code",
            params={"code": value},
        )


def validate_theme_code(value: str) -> None:
    if not THEME_CODE.match(value or ""):
        raise ValidationError(
            _("'%(code)s' is geen geldige code voor een regio-opgave. Gebruik de vorm 2.1."),
            code="invalid_code",
            params={"code": value},
        )
