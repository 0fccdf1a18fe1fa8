"""CBS StatLine OData connector: fetch a measure for the 12 Drenthe municipalities.

CBS returns region keys space-padded ("GM0106  ") and periods like "2022JJ00" (a year) or
"2022KW03" (a quarter); both are normalised here. Tests run against recorded responses;
nothing is fetched from the network in tests.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regioplan.models import Municipality, Neighbourhood

from ..models import Figure, Kpi
from ..periods import Period
from ..services.figures import FetchResult, figures_from_source
from ..services.values import place_from_code
from .base import Fetch, SourceUnavailable, get_json

SOURCE = "CBS StatLine"
TABLE_ID = re.compile(r"^[0-9]{5}[A-Z]{3}$")
MEASURE = re.compile(r"^[A-Za-z0-9_]+$")


def http_fetch(url: str) -> dict:  # pragma: no cover - the network is not used in tests
    return get_json(url, source=SOURCE)


def parse_period(raw: str) -> Period | None:
    """'2022JJ00' -> 2022; '2022KW03' -> 2022Q3; anything else (months, X-codes) -> None."""
    match = re.match(r"^(\d{4})(JJ00|KW0([1-4]))$", raw.strip())
    if not match:
        return None
    return Period(int(match.group(1)), int(match.group(3)) if match.group(3) else None)


def build_url(table: str, measure: str, level: str = "gemeente") -> str:
    """The TypedDataSet URL for the 12 municipalities, or (level "wijk") for their wijken:
    CBS keys a wijk as WK + the municipality's four digits + two."""
    municipalities = Municipality.objects.order_by("cbs_code")
    if level == "wijk":
        codes = " or ".join(f"startswith(RegioS,'WK{m.cbs_code[2:]}')" for m in municipalities)
    else:
        codes = " or ".join(f"RegioS eq '{m.cbs_code}  '" for m in municipalities)
    query = urllib.parse.urlencode(
        {"$filter": f"({codes})", "$select": f"RegioS,Perioden,{measure}"},
        quote_via=urllib.parse.quote,
    )
    return f"{settings.CBS_ODATA_URL}/{table}/TypedDataSet?{query}"


def fetch_values(
    table: str,
    measure: str,
    first_year: int,
    last_year: int,
    *,
    fetch: Fetch | None = None,
    level: str = "gemeente",
):
    """(place, period, value) rows: the municipalities', or with level "wijk" their wijken'."""
    if not TABLE_ID.match(table):
        raise ValidationError(
            {"table": _("'%(t)s' is geen CBS-tabelnummer zoals 85012NED.") % {"t": table}}
        )
    if not MEASURE.match(measure):
        raise ValidationError({"measure": _("Ongeldige naam van een meetwaarde.")})
    fetch = fetch or http_fetch
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    wijken = {w.cbs_code: w for w in Neighbourhood.objects.select_related("municipality")}
    url = build_url(table, measure, level)
    rows: list[dict] = []
    while url:
        page = fetch(url)
        if not isinstance(page, dict) or not isinstance(page.get("value", []), list):
            raise SourceUnavailable(_("CBS StatLine gaf een onverwacht antwoord."))
        rows.extend(page.get("value", []))
        url = page.get("odata.nextLink") or page.get("@odata.nextLink")
    out = []
    for row in rows:
        region = str(row.get("RegioS", "")).strip()
        period = parse_period(str(row.get("Perioden", "")))
        value = row.get(measure)
        place = place_from_code(region, municipalities, wijken)
        wanted = isinstance(place, Neighbourhood) == (level == "wijk")
        if (
            place is not None
            and wanted
            and period
            and first_year <= period.year <= last_year
            and value is not None
        ):
            out.append((place, period, Decimal(str(value))))
    return out


def import_cbs(
    *,
    kpi: Kpi,
    table: str,
    measure: str,
    first_year: int,
    last_year: int,
    by,
    fetch: Fetch | None = None,
    level: str = "gemeente",
) -> FetchResult:
    """Store CBS values as figures with their source, waiting for review. CBS figures are
    refreshed; figures from another source are never overwritten (reported as skipped).
    With level "wijk", the wijken of the 12 municipalities instead."""
    return figures_from_source(
        kpi=kpi,
        values=fetch_values(table, measure, first_year, last_year, fetch=fetch, level=level),
        origin=Figure.Origin.CBS,
        source_note=f"CBS StatLine {table}, {measure}",
        by=by,
    )


def table_measures(table: str, *, fetch: Fetch | None = None) -> list[tuple[str, str, str]]:
    """The measures (topics) of a CBS table from its published metadata (DataProperties):
    (key, title, unit). The key is what a KPI's `source_measure` holds."""
    if not TABLE_ID.match(table):
        raise ValidationError(
            {"source_table": _("'%(t)s' is geen CBS-tabelnummer zoals 85012NED.") % {"t": table}}
        )
    page = (fetch or http_fetch)(f"{settings.CBS_ODATA_URL}/{table}/DataProperties")
    return [
        (str(p.get("Key", "")), str(p.get("Title", "")).strip(), str(p.get("Unit") or ""))
        for p in page.get("value", [])
        if p.get("Type") == "Topic" and p.get("Key")
    ]


@dataclass
class SourcePreview:
    """What 'test the CBS source' shows before anything is saved."""

    table: str
    measure: str
    measures: list[tuple[str, str, str]] = field(default_factory=list)
    values: list[tuple] = field(default_factory=list)  # (municipality, period, value)
    problem: str = ""


def preview(table: str, measure: str, *, fetch: Fetch | None = None) -> SourcePreview:
    """Look at a CBS source without storing anything: the table's measures, and when a
    measure is given, its latest values for the 12 municipalities."""
    table, measure = table.strip(), measure.strip()
    result = SourcePreview(table, measure)
    try:
        result.measures = table_measures(table, fetch=fetch)
        if measure and measure not in {key for key, _t, _u in result.measures}:
            result.problem = _(
                "Tabel %(t)s heeft geen meetwaarde '%(m)s'. Kies er een uit de lijst."
            ) % {"t": table, "m": measure}
        elif measure:
            values = fetch_values(table, measure, 2000, 2100, fetch=fetch)
            latest = max((p for _m, p, _v in values), default=None)
            result.values = sorted(
                ((m, p, v) for m, p, v in values if p == latest), key=lambda r: r[0].name
            )
            if not values:
                result.problem = _("De tabel gaf geen waarden voor de Drentse gemeenten.")
    except ValidationError as exc:
        result.problem = " ".join(exc.messages)
    except SourceUnavailable as exc:
        result.problem = str(exc)
    return result
