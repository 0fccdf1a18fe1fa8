"""The error contract and the HTTP read shared by the sources."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from django.utils.translation import gettext as _

Fetch = Callable[[str], dict]


class SourceUnavailable(Exception):
    """The source could not be reached, refused the request or answered nonsense."""


def get_json(url: str, *, source: str, headers: dict | None = None) -> dict:  # pragma: no cover
    """GET `url` and parse its JSON; every failure becomes `SourceUnavailable`.

    The network is never used in tests: they pass recorded responses as `fetch`."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        raise SourceUnavailable(
            _("%(source)s antwoordde met %(s)s (%(r)s).")
            % {"source": source, "s": exc.code, "r": exc.reason}
        ) from exc
    except (OSError, ValueError) as exc:  # URLError, timeouts, bad JSON
        raise SourceUnavailable(
            _("%(source)s is niet bereikbaar: %(e)s") % {"source": source, "e": exc}
        ) from exc
