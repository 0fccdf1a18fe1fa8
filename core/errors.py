"""Errors every layer may raise."""

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """The input is valid but clashes with what is already saved (a duplicate, a stale edit).

    Pages show it like any validation error; the API answers 409 Conflict.
    """
