"""Reporting periods, written like DHIS2 period ids: "2025" (a year) or "2025Q3" (a quarter)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Wide enough for any baseline or horizon in the plan; narrow enough for valid dates.
MIN_YEAR, MAX_YEAR = 1900, 2100
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[Qq]\s*([1-4]))?\s*$")


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """A year or a quarter. Ordered as their ids sort as text: 2025 < 2025Q1 < 2025Q4 < 2026
    (a year before its quarters), so years and quarters of one KPI sort together."""

    year: int
    quarter: int | None = None  # None: the whole year

    def _key(self) -> tuple[int, int]:
        return self.year, self.quarter or 0

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    @classmethod
    def parse(cls, raw: str) -> Period:
        match = _PERIOD.match(str(raw or ""))
        if not match:
            raise ValidationError(
                _(
                    "'%(value)s' is geen geldige periode. Schrijf een jaar (2025) of een kwartaal "
                    "(2025Q3)."
                ),
                code="invalid_period",
                params={"value": raw},
            )
        year, quarter = int(match.group(1)), match.group(2)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(
                _("%(year)s ligt buiten de jaren die het portaal kent (%(min)s–%(max)s)."),
                code="period_out_of_range",
                params={"year": year, "min": MIN_YEAR, "max": MAX_YEAR},
            )
        return cls(year, int(quarter) if quarter else None)

    @classmethod
    def quarter_of(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def is_quarter(self) -> bool:
        return self.quarter is not None

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    def label(self) -> str:
        return (
            _("%(q)se kwartaal %(year)s") % {"q": self.quarter, "year": self.year}
            if self.quarter
            else str(self.year)
        )

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> dt.date:
        if not self.quarter:
            return dt.date(self.year, 12, 31)
        next_start = Period(self.year + (self.quarter == 4), self.quarter % 4 + 1).start
        return next_start - dt.timedelta(days=1)

    def previous(self) -> Period:
        if not self.quarter:
            return Period(self.year - 1)
        return Period(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    def next(self) -> Period:
        if not self.quarter:
            return Period(self.year + 1)
        return Period(self.year + (self.quarter == 4), self.quarter % 4 + 1)


def quarters_between(first: Period, last: Period) -> list[Period]:
    out, p = [], first
    while p <= last:
        out.append(p)
        p = p.next()
    return out


# --- The reporting calendar: which quarter is reported on, which are closed ---------------


def current_quarter(today: dt.date | None = None) -> Period:
    return Period.quarter_of(today or dt.date.today())


def deadline(quarter: Period) -> dt.date:
    return quarter.end + dt.timedelta(days=settings.MONITORING_DEADLINE_DAYS)


def cutoff(quarter: Period) -> dt.datetime:
    """The moment a quarter's book closes: `MONITORING_LATE_DAYS` after its reporting deadline
    (local time). An update first submitted between the deadline and the cut-off is late but
    in the book; what was submitted, approved or corrected after the cut-off never changes
    that quarter's report: it is listed as 'na de termijn' and counts in the next quarter."""
    from django.utils import timezone

    closes = deadline(quarter) + dt.timedelta(days=1 + settings.MONITORING_LATE_DAYS)
    return timezone.make_aware(dt.datetime.combine(closes, dt.time.min))


def last_closed_quarter(today: dt.date | None = None) -> Period:
    """The newest quarter whose book is closed (its cut-off has passed): its report is final."""
    today = today or dt.date.today()
    quarter = current_quarter(today).previous()
    while cutoff(quarter).date() > today:
        quarter = quarter.previous()
    return quarter


def first_open_quarter(today: dt.date | None = None) -> Period:
    """The oldest quarter whose book is still open: the earliest a commitment may start or end
    in, so no closed quarter's duties change afterwards."""
    return last_closed_quarter(today).next()


def closed_quarters(start_year: int, today: dt.date | None = None) -> list[Period]:
    """Every closed quarter since `start_year` (the plan's), newest first (the board's list)."""
    quarters, quarter = [], last_closed_quarter(today)
    while quarter.year >= start_year:
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


def reporting_quarter(today: dt.date | None = None) -> Period:
    """The quarter partners report on now: the last one whose deadline has not yet passed."""
    today = today or dt.date.today()
    previous = current_quarter(today).previous()
    return previous if today <= deadline(previous) else current_quarter(today)
