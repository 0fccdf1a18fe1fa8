"""The KPI section: the plan's quantified targets, as KPIs linked to their goals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from monitoring.models import Kpi, KpiTarget

from .base import PlanDataError, optional_number, plain_number, require, require_known

CHOICES = {
    "unit": Kpi.Unit.values,
    "direction": Kpi.Direction.values,
    "source": Kpi.Source.values,
    "frequency": Kpi.Frequency.values,
    "level": Kpi.Level.values,
    "aggregation": Kpi.Aggregation.values,
}
TEXT_FIELDS = ("name", "definition", "plan_quote", "source_table", "source_measure", "source_note")


def kpi_current(kpi: Kpi) -> dict[str, Any]:
    """Return a KPI's values in the shape of the file's, to compare fingerprints."""
    now = {key: getattr(kpi, key) for key in (*TEXT_FIELDS, *CHOICES)}
    now["baseline_value"] = optional_number(kpi.baseline_value)
    now["amber_margin"] = optional_number(kpi.amber_margin)
    now["baseline_year"] = kpi.baseline_year
    now["owner"] = kpi.owner.name if kpi.owner_id else None
    now["weight"] = kpi.weight.code if kpi.weight_id else None
    now["goals"] = sorted(g.code for g in kpi.goals.all())
    now["targets"] = sorted(
        [t.year, plain_number(t.value), t.comparator] for t in kpi.targets.all()
    )
    return now


def _number_or_none(label: str, key: str, value) -> str | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, str))):
        raise PlanDataError(label, key, "moet een getal zijn")
    return optional_number(value)


def _targets(label: str, rows: list) -> list[list]:
    targets = []
    for t in rows:
        year, value = t.get("year"), t.get("value")
        compare = t.get("comparator", "")
        if (
            not isinstance(year, int)
            or isinstance(year, bool)
            or not isinstance(value, int | float)
        ):
            raise PlanDataError(label, "targets", "elk streefcijfer heeft een jaar en een getal")
        if compare not in ("", *KpiTarget.Comparator.values):
            raise PlanDataError(label, "targets", f"onbekende vergelijking '{compare}'")
        targets.append([year, plain_number(value), compare])
    return sorted(targets)


class KpiSections:
    """Load the KPIs. Mixed into plandata.loader.Loader."""

    def load_kpis(self, rows: list) -> None:
        existing = {
            k.code: k
            for k in Kpi.objects.prefetch_related("targets", "goals").select_related(
                "weight", "owner"
            )
        }
        self._kpi_goals = {g.code: g for g in self.plan.operational_goals.all()}
        codes = {require(r, "code", f"KPI #{i + 1}") for i, r in enumerate(rows)} | set(existing)
        parsed = [(row["code"], self._parse_kpi(row, codes)) for row in rows]
        self._kpis_by_code = dict(existing)
        for code, values in parsed:
            self._kpis_by_code[code] = self.sync(
                "KPI's",
                f"KPI {code}",
                existing.get(code),
                lambda code=code: Kpi(code=code),
                values,
                kpi_current,
                lambda kpi, v, code=code: self._apply_kpi(kpi, v, f"KPI {code}"),
            )
        self._set_weights(parsed)

    def _parse_kpi(self, row: dict, codes: set[str]) -> dict[str, Any]:
        label = f"KPI {row['code']}"
        values: dict[str, Any] = {"name": require(row, "name", label)}
        for key in TEXT_FIELDS[1:]:
            values[key] = row.get(key, "")
        for key, allowed in CHOICES.items():
            values[key] = require(row, key, label)
            if values[key] not in allowed:
                raise PlanDataError(label, key, f"onbekende waarde '{values[key]}'")
        for key in ("baseline_value", "amber_margin"):
            values[key] = _number_or_none(label, key, row.get(key))
        values["baseline_year"] = row.get("baseline_year")
        values["weight"] = row.get("weight")
        require_known(label, "weight", filter(None, [values["weight"]]), codes, "onbekende KPI")
        values["owner"] = row.get("owner")
        require_known(
            label,
            "owner",
            filter(None, [values["owner"]]),
            self.organisations,
            "onbekende organisatie",
        )
        values["goals"] = sorted(row.get("goals", []))
        require_known(label, "goals", values["goals"], self._kpi_goals, "onbekend doel")
        values["targets"] = _targets(label, row.get("targets", []))
        return values

    def _apply_kpi(self, kpi: Kpi, v: dict, label: str) -> None:
        for key in (*TEXT_FIELDS, *CHOICES):
            setattr(kpi, key, v[key])
        kpi.baseline_value = Decimal(v["baseline_value"]) if v["baseline_value"] else None
        kpi.amber_margin = Decimal(v["amber_margin"]) if v["amber_margin"] else None
        kpi.baseline_year = v["baseline_year"]
        kpi.owner = self.organisations[v["owner"]] if v["owner"] else None
        kpi.weight = self._kpis_by_code.get(v["weight"]) if v["weight"] else None
        self.save(kpi, label, exclude=("weight",))
        kpi.goals.set([self._kpi_goals[c] for c in v["goals"]])
        kpi.targets.all().delete()
        KpiTarget.objects.bulk_create(
            KpiTarget(kpi=kpi, year=y, value=Decimal(x), comparator=c) for y, x, c in v["targets"]
        )

    def _set_weights(self, parsed) -> None:
        # Weights can point at KPIs later in the file: set them once all exist.
        for code, values in parsed:
            kpi = self._kpis_by_code[code]
            weight = self._kpis_by_code.get(values["weight"]) if values["weight"] else None
            if kpi.weight_id != getattr(weight, "pk", None):
                Kpi.objects.filter(pk=kpi.pk).update(weight=weight, updated_at=timezone.now())
