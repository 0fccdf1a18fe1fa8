"""The operational goals section: text, years, links, cross-references and initiators."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from audit.services import diff, fingerprint
from regioplan.codes import normalise_operational_code, normalise_strategic_code
from regioplan.models import GoalOrganisation, OperationalGoal, StrategicGoal

from .base import PlanDataError, require_known

INITIATOR = GoalOrganisation.Role.POTENTIAL_INITIATOR
SCALAR = (
    "kind",
    "title",
    "text",
    "bullets",
    "target_year",
    "target_year_undecided",
    "year_marks",
    "incomplete_in_source",
    "source_note",
    "initiatives_note",
    "initiators_note",
)


def _label(code: str) -> str:
    return f"operationeel doel {code}"


def goal_current(goal: OperationalGoal) -> dict[str, Any]:
    """Return a goal's values in the shape of the file's, to compare fingerprints."""
    now = {key: getattr(goal, key) for key in SCALAR}
    now["strategic_goal"] = goal.strategic_goal.code
    now["source_code"] = goal.source_code
    now["priority_themes"] = sorted(pt.slug for pt in goal.priority_themes.all())
    now["related_goals"] = sorted(g.code for g in goal.related_goals.all())
    now["related_strategic_goals"] = sorted(s.code for s in goal.related_strategic_goals.all())
    now["initiatives"] = sorted(i.name for i in goal.initiatives.all())
    now["initiators"] = sorted(link.organisation.name for link in goal.initiator_links)
    return now


AGREEMENT_WORDS = {
    code: re.compile(rf"\b{code.upper()}\b") for code in ("iza", "gala", "wozo", "spuk")
}
# The agreements the plan names (seed 003); made once if missing, then the team's to edit.
AGREEMENTS = {
    "iza": "Integraal Zorgakkoord",
    "gala": "Gezond en Actief Leven Akkoord",
    "wozo": "Wonen, Ondersteuning en Zorg voor Ouderen",
    "spuk": "Specifieke uitkering IZA/GALA",
}


class GoalSections:
    def tag_agreements(self) -> None:
        """Tag each goal with the agreements (IZA, GALA, WOZO, SPUK) its text names, where the
        goal has no agreements yet: the programme team's tags are never overwritten. Goals
        serving IZA, GALA or WOZO are on the three-year track (seed 003 ch. 4)."""
        from regioplan.models import Agreement

        for code, name in AGREEMENTS.items():
            Agreement.objects.get_or_create(code=code, defaults={"name": name})
        agreements = {a.code: a for a in Agreement.objects.all()}
        goals = OperationalGoal.objects.filter(plan=self.plan).prefetch_related("agreements")
        for goal in goals:
            if goal.agreements.all():
                continue
            text = " ".join([goal.title, goal.text, *map(str, goal.bullets or [])])
            named = [
                agreements[c]
                for c, rx in AGREEMENT_WORDS.items()
                if c in agreements and rx.search(text)
            ]
            if not named:
                continue
            goal.agreements.set(named)
            if not goal.track and any(a.code in ("iza", "gala", "wozo") for a in named):
                OperationalGoal.objects.filter(pk=goal.pk).update(
                    track=OperationalGoal.Track.THREE_YEAR
                )

    """Load the operational goals. Mixed into plandata.loader.Loader."""

    def load_goals(self, rows: list[tuple[StrategicGoal, dict, str]]) -> None:
        codes = [code for _, _, code in rows]
        duplicates = {c for c in codes if codes.count(c) > 1}
        if duplicates:
            raise PlanDataError(_label(sorted(duplicates)[0]), "code", "komt meer dan eens voor")
        existing = self._existing_goals()
        self._all_sgs = {s.code: s for s in StrategicGoal.objects.filter(plan=self.plan)}
        known = set(codes) | set(existing)
        parsed = [(sg, code, self._parse_goal(sg, g, code, known)) for sg, g, code in rows]
        # Create the new goals bare first, so cross-references can point at them.
        created = self._create_bare_goals(
            [(sg, code, v) for sg, code, v in parsed if code not in existing]
        )
        self._goals_by_code = {**existing, **created}
        for _sg, code, values in parsed:
            if code in created:
                self._finish_created_goal(created[code], values)
            else:
                self.sync(
                    "operationele doelen",
                    _label(code),
                    existing[code],
                    lambda: None,
                    values,
                    goal_current,
                    lambda goal, v, code=code: self._apply_goal(goal, v, _label(code)),
                )

    def _existing_goals(self) -> dict[str, OperationalGoal]:
        initiators = GoalOrganisation.objects.filter(role=INITIATOR).select_related("organisation")
        goals = (
            OperationalGoal.objects.filter(plan=self.plan)
            .select_related("strategic_goal")
            .prefetch_related(
                "priority_themes",
                "related_goals",
                "related_strategic_goals",
                "initiatives",
                models.Prefetch(
                    "organisation_links", queryset=initiators, to_attr="initiator_links"
                ),
            )
        )
        return {g.code: g for g in goals}

    def _parse_goal(self, sg, g: dict, code: str, known_codes: set[str]) -> dict[str, Any]:
        label = _label(code)
        values: dict[str, Any] = {
            "strategic_goal": sg.code,
            "source_code": g.get("source_code", ""),
        }
        for key in SCALAR:
            values[key] = g.get(key, OperationalGoal._meta.get_field(key).get_default())
        if values["kind"] not in OperationalGoal.Kind.values:
            raise PlanDataError(label, "kind", f"onbekende soort '{values['kind']}'")
        if values["target_year"] is not None and not isinstance(values["target_year"], int):
            raise PlanDataError(label, "target_year", "moet een jaartal zijn")
        if not values["incomplete_in_source"] and not values["text"]:
            raise PlanDataError(
                label, "text", "ontbreekt (markeer het doel als onvolledig in de bron)"
            )
        values["priority_themes"] = sorted(g.get("priority_themes", []))
        require_known(
            label,
            "priority_themes",
            values["priority_themes"],
            self.priority_themes,
            "onbekend prioritair thema",
        )
        self._parse_references(label, g, values, known_codes)
        values["initiatives"] = sorted(g.get("initiatives", []))
        require_known(
            label, "initiatives", values["initiatives"], self.initiatives, "onbekend initiatief"
        )
        values["initiators"] = sorted(g.get("initiators", []))
        require_known(
            label, "initiators", values["initiators"], self.organisations, "onbekende organisatie"
        )
        return values

    def _parse_references(self, label: str, g: dict, values: dict, known_codes: set[str]) -> None:
        try:
            values["related_goals"] = sorted(
                normalise_operational_code(c) for c in g.get("related_goals", [])
            )
            values["related_strategic_goals"] = sorted(
                normalise_strategic_code(c) for c in g.get("related_strategic_goals", [])
            )
        except ValidationError as exc:
            raise PlanDataError(label, "related_goals", exc.messages[0]) from exc
        require_known(label, "related_goals", values["related_goals"], known_codes, "onbekend doel")
        require_known(
            label,
            "related_strategic_goals",
            values["related_strategic_goals"],
            self._all_sgs,
            "onbekend strategisch doel",
        )

    def _create_bare_goals(self, new_rows) -> dict[str, OperationalGoal]:
        created = {}
        for sg, code, values in new_rows:
            goal = OperationalGoal(plan=self.plan, strategic_goal=sg, code=code)
            for key in SCALAR:
                setattr(goal, key, values[key])
            goal.source_code = values["source_code"]
            self.save(goal, _label(code), exclude=("plan",))
            created[code] = goal
        return created

    def _finish_created_goal(self, goal: OperationalGoal, values: dict) -> None:
        self._apply_goal(goal, values, _label(goal.code))
        self.mark_loaded(goal, fingerprint(values))
        self.report.created["operationele doelen"] += 1
        self.record(goal, diff({}, values))

    def _apply_goal(self, goal: OperationalGoal, v: dict, label: str) -> None:
        for key in SCALAR:
            setattr(goal, key, v[key])
        goal.source_code = v["source_code"]
        goal.strategic_goal = self._all_sgs[v["strategic_goal"]]
        goal.version += 1  # an edit form opened before this load is now stale
        self.save(goal, label, exclude=("plan",))
        goal.priority_themes.set([self.priority_themes[s] for s in v["priority_themes"]])
        goal.related_goals.set([self._goals_by_code[c] for c in v["related_goals"]])
        goal.related_strategic_goals.set([self._all_sgs[c] for c in v["related_strategic_goals"]])
        goal.initiatives.set([self.initiatives[n] for n in v["initiatives"]])
        self._link_initiators(goal, {self.organisations[n].pk for n in v["initiators"]})

    @staticmethod
    def _link_initiators(goal: OperationalGoal, wanted: set[int]) -> None:
        links = GoalOrganisation.objects.filter(goal=goal, role=INITIATOR)
        links.exclude(organisation_id__in=wanted).delete()
        have = set(links.values_list("organisation_id", flat=True))
        GoalOrganisation.objects.bulk_create(
            GoalOrganisation(goal=goal, organisation_id=pk, role=INITIATOR) for pk in wanted - have
        )
