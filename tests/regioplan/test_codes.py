import pytest
from django.core.exceptions import ValidationError

from regioplan.codes import (
    normalise_operational_code,
    normalise_strategic_code,
    validate_operational_code,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2.1.1. A", "2.1.1.A"),
        ("2.6.1 C", "2.6.1.C"),
        ("2.1.1.A", "2.1.1.A"),
        (" 2.3.2.b ", "2.3.2.B"),
    ],
)
def test_operational_codes_are_normalised(raw, expected):
    assert normalise_operational_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "2.1", "2.1.1", "2.1.1.AB", "A.1.1.A", "2..1.A", "2.1.1.-"])
def test_invalid_operational_codes_are_refused_with_a_clear_message(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_operational_code(raw)
    assert "Gebruik de vorm 2.1.1.A" in exc.value.messages[0]


def test_strategic_codes_are_normalised():
    assert normalise_strategic_code("2.4.2") == "2.4.2"
    assert normalise_strategic_code("2.1.1.") == "2.1.1"


def test_stored_form_is_validated():
    validate_operational_code("2.1.1.A")
    with pytest.raises(ValidationError, match="geen geldige code voor een operationeel doel"):
        validate_operational_code("2.1.1. A")
