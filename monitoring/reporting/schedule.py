"""When the quarterly report is due: the first working day of a quarter."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from ..periods import Period


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return dt.date(year, month, day)


def holidays_near_quarter_start(year: int) -> set[dt.date]:
    """Dutch public holidays that can fall in a quarter's first week: New Year, Easter Monday."""
    return {dt.date(year, 1, 1), easter_sunday(year) + dt.timedelta(days=1)}


def first_working_day(quarter: Period) -> dt.date:
    day, off = quarter.start, holidays_near_quarter_start(quarter.year)
    while day.weekday() >= 5 or day in off:
        day += dt.timedelta(days=1)
    return day


def scheduled_quarter(today: dt.date) -> Period | None:
    """The quarter whose report is due today, if today is a quarter's first working day."""
    current = Period.quarter_of(today)
    return current.previous() if first_working_day(current) == today else None


def schedule_description() -> str:
    return _(
        "Elk kwartaal op de eerste werkdag om %(time)s (%(tz)s), over het kwartaal dat net voorbij "
        "is."
    ) % {
        "time": f"{settings.REPORT_SCHEDULE_HOUR:02d}:{settings.REPORT_SCHEDULE_MINUTE:02d}",
        "tz": settings.TIME_ZONE,
    }
