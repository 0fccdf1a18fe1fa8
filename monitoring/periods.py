"""The reporting calendar lives in core.periods (the plan's commitments need it too)."""

from core.periods import (  # noqa: F401
    MAX_YEAR,
    MIN_YEAR,
    Period,
    closed_quarters,
    current_quarter,
    cutoff,
    deadline,
    first_open_quarter,
    last_closed_quarter,
    quarters_between,
    reporting_quarter,
)
