"""Validation of one KPI value: number, unit range, period, municipality, outliers."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import maps
from core.errors import Conflict
from regioplan.models import Municipality, Neighbourhood, Plan

from ..models import VALUE, Figure, Kpi
from ..periods import Period

U = Kpi.Unit
VALUE_RANGES: dict[str, tuple[Decimal | None, Decimal | None]] = {
    U.PERCENTAGE: (Decimal(0), Decimal(100)),
    U.PERCENT_CHANGE: (Decimal(-100), Decimal(1000)),
    U.COUNT: (Decimal(0), None),
    U.PER_1000: (Decimal(0), Decimal(1000)),
    U.EURO: (None, None),
    U.YES_NO: (Decimal(0), Decimal(1)),
}
OUTLIER_MIN_HISTORY = 3
OUTLIER_SIGMAS = Decimal(3)


# --- Validation of one value ---------------------------------------------------------------


def parse_decimal(raw: Any) -> Decimal:
    """Accept 12.5, "12,5", "1.234,5" and " 12 "; raise ValidationError otherwise."""
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = str(raw or "").strip().replace("\u00a0", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
    if value is None or not value.is_finite():
        raise ValidationError({"value": _("'%(v)s' is geen getal.") % {"v": str(raw)[:40]}})
    return check_digits(value)


# The database column (models.VALUE): 16 digits, 4 of them after the decimal point.
WHOLE_DIGITS = VALUE["max_digits"] - VALUE["decimal_places"]


def check_digits(value: Decimal) -> Decimal:
    """Refuse what the column cannot hold, with a message instead of a database error.

    Read from the number's digits and exponent, without arithmetic: "1E+1000000" or
    "1E-1000000" would overflow any decimal context before a comparison could refuse it."""
    _sign, digits, exponent = value.as_tuple()
    if not any(digits):
        return Decimal(0)
    while digits[-1] == 0 and exponent < 0:  # trailing zeros after the point do not count
        digits, exponent = digits[:-1], exponent + 1
    if len(digits) + exponent > WHOLE_DIGITS:
        raise ValidationError(
            {
                "value": _("Dit getal is te groot: hoogstens %(n)s cijfers voor de komma.")
                % {"n": WHOLE_DIGITS}
            }
        )
    if exponent < -VALUE["decimal_places"]:
        raise ValidationError(
            {
                "value": _("Gebruik hoogstens %(n)s cijfers na de komma.")
                % {"n": VALUE["decimal_places"]}
            }
        )
    return value


def validate_value(kpi: Kpi, value: Decimal) -> Decimal:
    low, high = VALUE_RANGES[kpi.unit]
    if kpi.valid_min is not None:
        low = kpi.valid_min
    if kpi.valid_max is not None:
        high = kpi.valid_max
    if kpi.unit == U.YES_NO and value not in (0, 1):
        raise ValidationError(
            {"value": _("Bij %(kpi)s is de waarde 1 (ja) of 0 (nee).") % {"kpi": kpi.code}}
        )
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '…'} – {high if high is not None else '…'}"
        raise ValidationError(
            {
                "value": _(
                    "%(v)s ligt buiten het geldige bereik van %(kpi)s (%(bounds)s, %(unit)s)."
                )
                % {"v": value, "kpi": kpi.code, "bounds": bounds, "unit": kpi.get_unit_display()}
            }
        )
    return value


def plan_years(plan: Plan | None = None) -> tuple[int, int]:
    """The years figures may belong to: MONITORING_FIRST_YEAR up to the plan's horizon."""
    plan = plan or Plan.objects.order_by("pk").first()
    horizon = plan.horizon_year if plan else 2040
    return settings.MONITORING_FIRST_YEAR, horizon


def validate_period(kpi: Kpi, raw: str, *, years: tuple[int, int] | None = None) -> Period:
    try:
        period = Period.parse(raw)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from exc
    first, last = years or plan_years()
    if not first <= period.year <= last:
        raise ValidationError(
            {
                "period": _("%(p)s valt buiten de looptijd van het plan (%(first)s–%(last)s).")
                % {"p": period, "first": first, "last": last}
            }
        )
    if period.is_quarter and kpi.frequency == Kpi.Frequency.YEARLY:
        raise ValidationError(
            {
                "period": _("%(kpi)s wordt per jaar gemeten; vul een jaar in, geen kwartaal.")
                % {"kpi": kpi.code}
            }
        )
    return period


def validate_municipality(kpi: Kpi, municipality: Municipality | None) -> None:
    if municipality is not None and kpi.level == Kpi.Level.DRENTHE:
        raise ValidationError(
            {
                "municipality": _(
                    "%(kpi)s wordt alleen voor heel Drenthe gemeten, niet per gemeente."
                )
                % {"kpi": kpi.code}
            }
        )


def municipality_from(raw: Any, municipalities: dict[str, Municipality]) -> Municipality | None:
    """Find a municipality by CBS code or name; empty or "Drenthe" means the whole province."""
    text = str(raw or "").strip()
    if not text or text.lower() == "drenthe":
        return None
    found = municipalities.get(text.upper()) or municipalities.get(text.lower())
    if found is None:
        raise ValidationError(
            {"municipality": _("'%(m)s' is geen Drentse gemeente.") % {"m": text}}
        )
    return found


WIJK_CODE = re.compile(r"^WK\d{6}$")


def area_from(
    raw: Any, municipalities: dict[str, Municipality], *, name: str = ""
) -> tuple[Municipality | None, Neighbourhood | None]:
    """Find the place of a figure: Drenthe (empty or "Drenthe"), a municipality (CBS code or
    name) or a wijk (WK010601). A wijk not yet registered comes back unsaved, named `name`,
    CBS's name (core.maps.wijk_name) or its code; `wijk_register` saves it when the figure is
    stored (a dry run writes nothing)."""
    text = str(raw or "").strip().upper()
    if not WIJK_CODE.match(text):
        return municipality_from(raw, municipalities), None
    municipality = municipalities.get(Neighbourhood.municipality_code(text))
    if municipality is None:
        raise ValidationError(
            {"municipality": _("Wijk '%(w)s' ligt niet in een Drentse gemeente.") % {"w": text}}
        )
    found = Neighbourhood.objects.filter(cbs_code=text).first()
    return municipality, found or Neighbourhood(
        cbs_code=text, name=(name or maps.wijk_name(text) or text)[:100], municipality=municipality
    )


AREA_CODE = re.compile(r"^(PV22|GM\d{4}|WK\d{6})$")
_UNSET = object()


def area_from_code(
    code: str, municipalities: dict[str, Municipality], *, municipality: Any = _UNSET
) -> tuple[Municipality | None, Neighbourhood | None]:
    """The place a CBS area code names: PV22 Drenthe, GM0106 a Drentse municipality, WK010601
    a wijk (unsaved when new, see area_from) with its municipality. With `municipality` given
    (None for Drenthe), the code must name that same place; errors are the `neighbourhood`'s."""
    text = str(code or "").strip().upper()
    if not AREA_CODE.match(text):
        raise ValidationError(
            {
                "neighbourhood": _(
                    "'%(v)s' is geen gebied: gebruik PV22, een gemeentecode (GM0106) of een "
                    "wijkcode (WK010601)."
                )
                % {"v": code}
            }
        )
    try:
        found, wijk = (None, None) if text == "PV22" else area_from(text, municipalities)
    except ValidationError as exc:
        raise ValidationError({"neighbourhood": exc.messages}) from exc
    if municipality is not _UNSET and municipality != found:
        raise ValidationError(
            {
                "neighbourhood": _("Gebied %(a)s en gemeente %(g)s spreken elkaar tegen.")
                % {"a": text, "g": municipality.cbs_code if municipality else _("leeg (Drenthe)")}
            }
        )
    return found, wijk


def place_from_code(
    code: str,
    municipalities: dict[str, Municipality],
    wijken: dict[str, Neighbourhood],
    *,
    name: str = "",
) -> Municipality | Neighbourhood | None:
    """A connector's region code as a place: a Drentse municipality (GM0106), a wijk of one
    (WK010601; unsaved when new, named `name`, CBS's name or its code), or None for anything
    else."""
    code = str(code or "").strip().upper()
    if WIJK_CODE.match(code):
        municipality = municipalities.get(Neighbourhood.municipality_code(code))
        if municipality is None:
            return None
        return wijken.get(code) or Neighbourhood(
            cbs_code=code,
            name=(name or maps.wijk_name(code) or code)[:100],
            municipality=municipality,
        )
    return municipalities.get(code)


def wijk_register(neighbourhood: Neighbourhood | None) -> Neighbourhood | None:
    """Save a wijk that area_from found unregistered (once, also when two imports race)."""
    if neighbourhood is None or neighbourhood.pk:
        return neighbourhood
    found, _created = Neighbourhood.objects.get_or_create(
        cbs_code=neighbourhood.cbs_code,
        defaults={"name": neighbourhood.name, "municipality": neighbourhood.municipality},
    )
    return found


def municipality_index() -> dict[str, Municipality]:
    index = {}
    for m in Municipality.objects.all():
        index[m.cbs_code.upper()] = m
        index[m.name.lower()] = m
    return index


def is_outlier(
    kpi: Kpi, municipality: Municipality | None, value: Decimal, history: Iterable[Decimal]
) -> bool:
    """Flag a value far outside the KPI's history (3 standard deviations), never reject it."""
    values = [Decimal(v) for v in history]
    if len(values) < OUTLIER_MIN_HISTORY:
        return False
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values)
    if spread == 0:
        return value != values[0] and abs(Decimal(str(mean)) - value) > abs(
            Decimal(str(mean))
        ) * Decimal("0.5")
    return abs(value - Decimal(str(mean))) > OUTLIER_SIGMAS * Decimal(str(spread))


def outlier_in(kpi: Kpi, period, value: Decimal, history: list[tuple[str, Decimal]]) -> bool:
    """The one outlier rule, on the approved (period, value) history of the same KPI and
    place: a jump beyond the KPI's `max_jump` against the previous period when the KPI sets
    one, else far outside the history (is_outlier). Flagged, never refused."""
    if kpi.max_jump is not None:
        earlier = [(p, v) for p, v in history if p < str(period)]
        return bool(earlier) and abs(value - max(earlier)[1]) > kpi.max_jump
    return is_outlier(kpi, None, value, [v for _p, v in history])


def approved_histories(kpi_ids) -> dict[tuple[int, int | None], list[tuple[str, Decimal]]]:
    """(kpi id, municipality id) -> approved (period, value), for many KPIs in one query."""
    histories: dict[tuple[int, int | None], list[tuple[str, Decimal]]] = defaultdict(list)
    rows = Figure.objects.filter(kpi_id__in=set(kpi_ids), status=Figure.Status.APPROVED)
    for kpi_id, municipality_id, period, value in rows.values_list(
        "kpi_id", "municipality_id", "period", "value"
    ):
        histories[(kpi_id, municipality_id)].append((period, value))
    return histories


def outlier_for(
    kpi: Kpi,
    municipality: Municipality | None,
    period,
    value: Decimal,
    *,
    exclude_pk=None,
    neighbourhood: Neighbourhood | None = None,
) -> bool:
    """outlier_in for one value, reading its history (without the figure `exclude_pk`)."""
    if neighbourhood is not None:
        history = Figure.all_levels.filter(
            kpi=kpi, neighbourhood=neighbourhood.pk, status=Figure.Status.APPROVED
        )
    else:
        history = Figure.objects.filter(
            kpi=kpi, municipality=municipality, status=Figure.Status.APPROVED
        )
    if exclude_pk is not None:
        history = history.exclude(pk=exclude_pk)
    return outlier_in(kpi, period, value, list(history.values_list("period", "value")))


def _history(kpi: Kpi, municipality: Municipality | None) -> list[Decimal]:
    return list(
        Figure.objects.filter(
            kpi=kpi, municipality=municipality, status=Figure.Status.APPROVED
        ).values_list("value", flat=True)
    )


@dataclass
class CleanFigure:
    kpi: Kpi
    period: Period
    municipality: Municipality | None
    value: Decimal
    source_note: str = ""
    neighbourhood: Neighbourhood | None = None


def clean_figure(
    *,
    kpi: Kpi,
    period: str,
    municipality: Municipality | None,
    value: Any,
    source_note: str = "",
    years: tuple[int, int] | None = None,
) -> CleanFigure:
    """Validate one figure; raise one ValidationError with every field's problem."""
    errors: dict[str, list[str]] = {}
    checked: dict[str, Any] = {}
    for name, check in (
        ("value", lambda: validate_value(kpi, parse_decimal(value))),
        ("period", lambda: validate_period(kpi, period, years=years)),
        ("municipality", lambda: validate_municipality(kpi, municipality)),
    ):
        try:
            checked[name] = check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if kpi.kind == Kpi.Kind.COMPUTED:
        errors.setdefault("kpi", []).append(
            _("%(kpi)s is een berekende indicator; vul de teller en noemer in.") % {"kpi": kpi.code}
        )
    if errors:
        raise ValidationError(errors)
    return CleanFigure(kpi, checked["period"], municipality, checked["value"], source_note)


def _slot(
    kpi: Kpi,
    period: Period | str,
    municipality: Municipality | None,
    neighbourhood: Neighbourhood | None = None,
):
    if neighbourhood is not None:
        return Figure.all_levels.filter(kpi=kpi, period=str(period), neighbourhood=neighbourhood.pk)
    return Figure.objects.filter(kpi=kpi, period=str(period), municipality=municipality)


def duplicate_error(
    kpi: Kpi,
    period: Period | str,
    municipality: Municipality | None,
    neighbourhood: Neighbourhood | None = None,
) -> Conflict:
    where = (
        neighbourhood.cbs_code
        if neighbourhood is not None
        else (municipality.name if municipality else "Drenthe")
    )
    return Conflict(
        {
            "period": _(
                "Er is al een waarde voor %(kpi)s in %(p)s voor %(where)s. Elke waarde wordt maar "
                "één keer geregistreerd."
            )
            % {"kpi": kpi.code, "p": period, "where": where}
        }
    )
