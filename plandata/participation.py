"""The participatie sections: resident initiatives the plan names, and seed 002's
recommendations."""

from __future__ import annotations

from core.slugs import unique_slug
from participatie.models import Recommendation, ResidentInitiative
from regioplan.models import Municipality

from .base import PlanDataError, require, require_known

RECOMMENDATION_FIELDS = ("title", "text", "reported_goal_count", "reported_lifestyle_count")


def _initiative_current(obj: ResidentInitiative) -> dict:
    return {
        "place": obj.place,
        "municipality": obj.municipality.cbs_code if obj.municipality_id else None,
        "kind": obj.kind,
        "description": obj.description,
        "plan_initiative": obj.plan_initiative.name if obj.plan_initiative_id else None,
        "goals": sorted(g.code for g in obj.goals.all()),
    }


class ParticipationSections:
    """Load participatie's part of the file. Mixed into plandata.loader.Loader."""

    def load_resident_initiatives(self, rows: list) -> None:
        """Resident initiatives the plan names: in the public registry from the start."""
        existing = {
            r.name: r
            for r in ResidentInitiative.objects.select_related(
                "municipality", "plan_initiative"
            ).prefetch_related("goals")
        }
        self._ri_goals = {g.code: g for g in self.plan.operational_goals.all()}
        self._munis = {m.cbs_code: m for m in Municipality.objects.all()}
        for i, row in enumerate(rows):
            name = require(row, "name", f"bewonersinitiatief #{i + 1}")
            label = f"bewonersinitiatief {name}"
            self.sync(
                "bewonersinitiatieven",
                label,
                existing.get(name),
                lambda name=name: ResidentInitiative(name=name),
                self._resident_initiative_values(row, label),
                _initiative_current,
                lambda obj, v, label=label: self._apply_resident_initiative(obj, v, label),
            )

    def _resident_initiative_values(self, row: dict, label: str) -> dict:
        values = {
            "place": row.get("place", ""),
            "municipality": row.get("municipality"),
            "kind": require(row, "kind", label),
            "description": row.get("description", ""),
            "plan_initiative": row.get("plan_initiative"),
            "goals": sorted(row.get("goals", [])),
        }
        if values["kind"] not in ResidentInitiative.Kind.values:
            raise PlanDataError(label, "kind", f"onbekende soort '{values['kind']}'")
        require_known(
            label,
            "municipality",
            filter(None, [values["municipality"]]),
            self._munis,
            "onbekende gemeente",
        )
        require_known(
            label,
            "plan_initiative",
            filter(None, [values["plan_initiative"]]),
            self.initiatives,
            "onbekend initiatief",
        )
        require_known(label, "goals", values["goals"], self._ri_goals, "onbekend doel")
        return values

    def _apply_resident_initiative(self, obj: ResidentInitiative, v: dict, label: str) -> None:
        obj.place, obj.kind, obj.description = v["place"], v["kind"], v["description"]
        obj.municipality = self._munis.get(v["municipality"]) if v["municipality"] else None
        obj.plan_initiative = (
            self.initiatives.get(v["plan_initiative"]) if v["plan_initiative"] else None
        )
        obj.status, obj.in_plan = ResidentInitiative.Status.APPROVED, True
        if not obj.slug:
            obj.slug = unique_slug(ResidentInitiative, obj.name)
        self.save(obj, label)
        obj.goals.set([self._ri_goals[c] for c in v["goals"]])

    def load_recommendations(self, rows: list) -> None:
        """The 10 recommendations of seed 002 with the report's stated counts. Votes and goal
        links are entered in the portal (the extract lost them) and never touched here."""
        existing = {r.number: r for r in Recommendation.objects.all()}
        for i, row in enumerate(rows):
            number = require(row, "number", f"aanbeveling #{i + 1}", int)
            label = f"aanbeveling {number}"
            values = {
                "title": require(row, "title", label),
                "text": require(row, "text", label),
                "reported_goal_count": row.get("reported_goal_count"),
                "reported_lifestyle_count": row.get("reported_lifestyle_count"),
            }

            def apply(obj, v, label=label):
                for key in RECOMMENDATION_FIELDS:
                    setattr(obj, key, v[key])
                self.save(obj, label)

            self.sync(
                "aanbevelingen",
                label,
                existing.get(number),
                lambda number=number: Recommendation(number=number),
                values,
                lambda obj: {k: getattr(obj, k) for k in RECOMMENDATION_FIELDS},
                apply,
            )
