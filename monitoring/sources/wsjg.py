"""Waarstaatjegemeente.nl connector: municipal figures from ABF's Swing Open Data Service.

Waarstaatjegemeente publishes the Gemeentelijke Monitor Sociaal Domein that seed 004 cites
(for example the share of residents of 75 and over who live independently). Its Open Data
Service is OData v4 with an API key sent as the `apikey` header on every request. A KPI maps
to a variable, a geo level (`gemeente`) and a period level (`year`); the values come from

    {WSJG_ODS_URL}/Variables('<variable>')/GeoLevels('<geo>')/PeriodLevels('<level>')/Periods('all')/Values

with rows {"ExternalCode": "GM0106", "Period": "2022", "ValueString": "87.4", ...}, paged with
"@odata.nextLink". Missing values are "?" (or empty) and are skipped. Fetched figures go into
the same review queue as CBS and imports ('te beoordelen'). Tests run against recorded
responses; nothing is fetched from the network in tests.
"""

from __future__ import annotations

import re
import urllib.parse
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regioplan.models import Municipality, Neighbourhood

from ..models import Figure, Kpi
from ..periods import Period
from ..services.figures import FetchResult, figures_from_source
from ..services.values import place_from_code
from .base import Fetch, SourceUnavailable, get_json

CODE = re.compile(r"^[A-Za-z0-9_.\-]+$")
MISSING = {"", "?", "x", "."}


def http_fetch(url: str) -> dict:  # pragma: no cover - the network is not used in tests
    return get_json(url, source="Waarstaatjegemeente", headers={"apikey": settings.WSJG_API_KEY})


def values_url(kpi: Kpi) -> str:
    def quoted(code: str) -> str:
        return urllib.parse.quote(code, safe="")

    return (
        f"{settings.WSJG_ODS_URL.rstrip('/')}/Variables('{quoted(kpi.wsjg_variable)}')"
        f"/GeoLevels('{quoted(kpi.wsjg_geo_level or 'gemeente')}')"
        f"/PeriodLevels('{quoted(kpi.wsjg_period_level or 'year')}')/Periods('all')/Values"
    )


def municipality_code(raw: str) -> str:
    """'GM0106', 'gm0106' and '0106' (or 106) all mean Assen's CBS code GM0106."""
    text = str(raw or "").strip().upper()
    if text.isdigit():
        return f"GM{int(text):04d}"
    return text


def parse_value(raw) -> Decimal | None:
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if text in MISSING:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def check_mapping(kpi: Kpi) -> None:
    errors = {}
    if not settings.WSJG_API_KEY:
        errors["kpi"] = [
            _(
                "De koppeling is niet ingesteld: WSJG_API_KEY ontbreekt (vraag een sleutel aan "
                "bij ABF en zet hem in de omgeving van het portaal)."
            )
        ]
    if not kpi.wsjg_variable or not CODE.match(kpi.wsjg_variable):
        errors.setdefault("kpi", []).append(
            _("KPI %(k)s heeft nog geen Waarstaatjegemeente-variabele.") % {"k": kpi.code}
        )
    for name in ("wsjg_geo_level", "wsjg_period_level"):
        if getattr(kpi, name) and not CODE.match(getattr(kpi, name)):
            errors.setdefault("kpi", []).append(
                _("Ongeldig niveau: %(v)s") % {"v": getattr(kpi, name)}
            )
    if errors:
        raise ValidationError(errors)


def fetch_values(kpi: Kpi, first_year: int, last_year: int, *, fetch: Fetch | None = None):
    """(place, period, value) for the 12 Drenthe municipalities within the years, or for their
    wijken when the KPI's geo level is "wijk" (ExternalCode WK010601)."""
    check_mapping(kpi)
    fetch = fetch or http_fetch
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    wijken = {w.cbs_code: w for w in Neighbourhood.objects.select_related("municipality")}
    wijk_level = (kpi.wsjg_geo_level or "gemeente").lower() == "wijk"
    url, rows = values_url(kpi), []
    while url:
        page = fetch(url)
        if not isinstance(page, dict) or not isinstance(page.get("value", []), list):
            raise SourceUnavailable(_("Waarstaatjegemeente gaf een onverwacht antwoord."))
        rows.extend(page.get("value", []))
        url = page.get("@odata.nextLink")
    out = []
    for row in rows:
        place = place_from_code(
            municipality_code(row.get("ExternalCode")),
            municipalities,
            wijken,
            name=str(row.get("GeoName") or row.get("Name") or ""),
        )
        if isinstance(place, Neighbourhood) != wijk_level:
            place = None
        value = parse_value(row.get("ValueString", row.get("Value")))
        try:
            period = Period.parse(str(row.get("Period", "")).strip())
        except ValidationError:
            continue
        if place and value is not None and first_year <= period.year <= last_year:
            out.append((place, period, value))
    return out


def import_wsjg(
    *, kpi: Kpi, first_year: int, last_year: int, by, fetch: Fetch | None = None
) -> FetchResult:
    """Store the values as figures 'te beoordelen' with Waarstaatjegemeente as source."""
    return figures_from_source(
        kpi=kpi,
        values=fetch_values(kpi, first_year, last_year, fetch=fetch),
        origin=Figure.Origin.WSJG,
        source_note=f"Waarstaatjegemeente.nl, {kpi.wsjg_variable}",
        by=by,
    )
