"""The sync watermark: the moment up to which a pull has seen every committed change.

`gewijzigd_op` is the time a row was *written*, not when its transaction *committed*. A row
written at 10:00:00 by a transaction that commits at 10:00:30 is invisible to a pull at
10:00:10, and a client that next asks `gewijzigd_sinds=10:00:10` would skip it for good.

So every list answers with the header `Synchronisatiepunt`: the start of the oldest
transaction still running when the list was read (`pg_stat_activity.xact_start`), less a
margin for the moment between computing a row's `updated_at` and its transaction's first
statement. Anything this pull could not see yet was written by a transaction that started
after that point, so its rows have a later `gewijzigd_op`. A client keeps the
`Synchronisatiepunt` of the first page of its pull and asks `gewijzigd_sinds=<that>` next
time: rows it already has may come again (an upsert keeps them), none is missed. It is
computed before the list is read.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils import timezone

WATERMARK_HEADER = "Synchronisatiepunt"
OLDEST_OPEN_TRANSACTION = """
    SELECT min(xact_start) FROM pg_stat_activity
    WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
"""


def sync_watermark() -> dt.datetime:
    """Return the moment before which every change is committed and visible (see above)."""
    now = timezone.now()
    oldest = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(OLDEST_OPEN_TRANSACTION)
            oldest = cursor.fetchone()[0]
    point = min(now, oldest) if oldest is not None else now
    return point - dt.timedelta(seconds=settings.API_SYNC_MARGIN_SECONDS)
