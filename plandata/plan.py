"""Sections of the plan file that regioplan owns, except the operational goals (goals.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.slugs import unique_slug
from regioplan.codes import (
    normalise_operational_code,
    normalise_strategic_code,
    validate_theme_code,
)
from regioplan.models import (
    Initiative,
    Municipality,
    Organisation,
    Plan,
    PriorityTheme,
    StrategicGoal,
    Theme,
    Thread,
    TransformationProgramme,
)

from .base import PlanDataError, require, require_known

PRIORITY_THEME_FIELDS = (
    "number",
    "name",
    "ambition",
    "administrative_leads",
    "writing_team",
    "facilitator",
)
PROGRAMME_TEXT_FIELDS = ("name", "objective", "context", "contribution")


def _checked(code: str, label: str, normalise) -> str:
    try:
        return normalise(code)
    except ValidationError as exc:
        raise PlanDataError(label, "code", exc.messages[0]) from exc


class PlanSections:
    """Load the plan's own objects. Mixed into plandata.loader.Loader."""

    def load_plan(self, p: dict) -> Plan:
        slug = require(p, "slug", "plan")
        values = {
            "name": require(p, "name", "plan"),
            "subtitle": p.get("subtitle", ""),
            "dream": p.get("dream", ""),
            "start_year": require(p, "start_year", "plan", int),
            "horizon_year": require(p, "horizon_year", "plan", int),
            "source": p.get("source", ""),
        }
        plan, created = Plan.objects.get_or_create(slug=slug, defaults=values)
        if created:
            self.save(plan, f"plan {slug}")
            self.report.created["plan"] += 1
        elif any(getattr(plan, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(plan, k, v)
            self.save(plan, f"plan {slug}")
            self.report.updated["plan"] += 1
        return plan

    def load_municipalities(self, rows: list) -> None:
        for i, row in enumerate(rows):
            label = f"gemeente #{i + 1}"
            code = require(row, "cbs_code", label)
            name = require(row, "name", label)
            muni = Municipality.objects.filter(cbs_code=code).first()
            if muni is None:
                self.save(Municipality(cbs_code=code, name=name), f"gemeente {code}")
                self.report.created["gemeenten"] += 1
            elif muni.name != name:
                raise PlanDataError(
                    f"gemeente {code}",
                    "name",
                    f"'{name}' wijkt af van '{muni.name}' in de database",
                )

    def load_threads(self, rows: list) -> None:
        for i, row in enumerate(rows):
            label = f"rode draad #{i + 1}"
            slug, name = require(row, "slug", label), require(row, "name", label)
            _, created = Thread.objects.get_or_create(
                plan=self.plan, slug=slug, defaults={"name": name, "position": i}
            )
            if created:
                self.report.created["rode draden"] += 1

    def load_priority_themes(self, rows: list) -> dict[str, PriorityTheme]:
        existing = {pt.slug: pt for pt in PriorityTheme.objects.filter(plan=self.plan)}
        out = {}
        for i, row in enumerate(rows):
            slug = require(row, "slug", f"prioritair thema #{i + 1}")
            label = f"prioritair thema {slug}"
            values = {
                "number": require(row, "number", label, int),
                "name": require(row, "name", label),
                "ambition": require(row, "ambition", label),
                "administrative_leads": row.get("administrative_leads", []),
                "writing_team": row.get("writing_team", []),
                "facilitator": row.get("facilitator", ""),
            }

            def apply(obj, v, label=label):
                for k in PRIORITY_THEME_FIELDS:
                    setattr(obj, k, v[k])
                self.save(obj, label)

            out[slug] = self.sync(
                "prioritaire thema's",
                label,
                existing.get(slug),
                lambda slug=slug: PriorityTheme(plan=self.plan, slug=slug),
                values,
                lambda obj: {k: getattr(obj, k) for k in PRIORITY_THEME_FIELDS},
                apply,
            )
        return out

    def load_organisations(self, rows: list) -> dict[str, Organisation]:
        existing = {o.name: o for o in Organisation.objects.select_related("municipality")}
        munis = {m.cbs_code: m for m in Municipality.objects.all()}
        out = {}
        for i, row in enumerate(rows):
            name = require(row, "name", f"organisatie #{i + 1}")
            label = f"organisatie {name}"
            muni = row.get("municipality")
            if muni and muni not in munis:
                raise PlanDataError(label, "municipality", f"onbekende gemeente '{muni}'")
            coalition = row.get("coalition", "")
            if coalition not in Organisation.Coalition.values:
                raise PlanDataError(label, "coalition", f"onbekende coalitie '{coalition}'")
            values = {
                "sector": require(row, "sector", label),
                "coalition": coalition,
                "is_generic": bool(row.get("generic", False)),
                "municipality": muni or None,
            }

            def apply(obj, v, label=label, name=name):
                obj.sector, obj.coalition = v["sector"], v["coalition"]
                obj.is_generic = v["is_generic"]
                obj.municipality = munis.get(v["municipality"]) if v["municipality"] else None
                if not obj.slug:
                    obj.slug = unique_slug(Organisation, name)
                self.save(obj, label)

            out[name] = self.sync(
                "organisaties",
                label,
                existing.get(name),
                lambda name=name: Organisation(name=name),
                values,
                _organisation_values,
                apply,
            )
        return out

    def load_initiatives(self, rows: list) -> dict[str, Initiative]:
        existing = {i.name: i for i in Initiative.objects.all()}
        out = {}
        for i, row in enumerate(rows):
            name = require(row, "name", f"initiatief #{i + 1}")
            label = f"initiatief {name}"
            if name.strip().lower() == "nader te bepalen":
                raise PlanDataError(label, "name", "'Nader te bepalen' is geen initiatief")

            def apply(obj, v, label=label, name=name):
                obj.description = v["description"]
                if not obj.slug:
                    obj.slug = unique_slug(Initiative, name)
                self.save(obj, label)

            out[name] = self.sync(
                "initiatieven",
                label,
                existing.get(name),
                lambda name=name: Initiative(name=name),
                {"description": row.get("description", "")},
                lambda obj: {"description": obj.description},
                apply,
            )
        return out

    # -- themes and strategic goals -------------------------------------------------

    def load_themes(self, themes: list) -> None:
        """Load themes and strategic goals, then the operational goals under them."""
        self._existing_themes = {t.code: t for t in Theme.objects.filter(plan=self.plan)}
        self._existing_sgs = {
            s.code: s for s in StrategicGoal.objects.filter(plan=self.plan).select_related("theme")
        }
        goal_rows: list[tuple[StrategicGoal, dict, str]] = []
        for ti, t in enumerate(themes):
            theme = self._load_theme(ti, t)
            label = f"regio-opgave {theme.code}"
            for si, s in enumerate(require(t, "strategic_goals", label, list)):
                sg = self._load_strategic_goal(theme, si, s, label)
                goal_rows.extend(self._goal_rows(sg, s))
        self.load_goals(goal_rows)

    def _load_theme(self, index: int, t: dict) -> Theme:
        code = require(t, "code", f"regio-opgave #{index + 1}")
        label = f"regio-opgave {code}"
        try:
            validate_theme_code(code)
        except ValidationError as exc:
            raise PlanDataError(label, "code", exc.messages[0]) from exc
        values = {
            "name": require(t, "name", label),
            "slogan": t.get("slogan", ""),
            "focus_areas": t.get("focus_areas", []),
        }

        def apply(obj, v):
            obj.name, obj.slogan, obj.focus_areas = v["name"], v["slogan"], v["focus_areas"]
            self.save(obj, label)

        return self.sync(
            "regio-opgaven",
            label,
            self._existing_themes.get(code),
            lambda: Theme(plan=self.plan, code=code),
            values,
            lambda obj: {"name": obj.name, "slogan": obj.slogan, "focus_areas": obj.focus_areas},
            apply,
        )

    def _load_strategic_goal(self, theme: Theme, index: int, s: dict, theme_label: str):
        raw = require(s, "code", f"{theme_label}, strategisch doel #{index + 1}")
        label = f"strategisch doel {raw}"
        code = _checked(raw, label, normalise_strategic_code)
        if not code.startswith(theme.code + "."):
            raise PlanDataError(label, "code", f"hoort niet bij regio-opgave {theme.code}")

        def apply(obj, v):
            obj.theme, obj.text = theme, v["text"]
            self.save(obj, label)

        return self.sync(
            "strategische doelen",
            label,
            self._existing_sgs.get(code),
            lambda: StrategicGoal(plan=self.plan, code=code, theme=theme),
            {"theme": theme.code, "text": require(s, "text", label)},
            lambda obj: {"theme": obj.theme.code, "text": obj.text},
            apply,
        )

    @staticmethod
    def _goal_rows(sg: StrategicGoal, s: dict) -> list[tuple[StrategicGoal, dict, str]]:
        sg_label = f"strategisch doel {sg.code}"
        rows = []
        for gi, g in enumerate(require(s, "operational_goals", sg_label, list, allow_empty=True)):
            raw = require(g, "code", f"{sg_label}, operationeel doel #{gi + 1}")
            code = _checked(raw, f"operationeel doel {raw}", normalise_operational_code)
            if not code.startswith(sg.code + "."):
                raise PlanDataError(
                    f"operationeel doel {code}", "code", f"hoort niet bij {sg.code}"
                )
            rows.append((sg, g, code))
        return rows

    # -- transformation programmes --------------------------------------------------

    def load_programmes(self, rows: list) -> None:
        existing = {
            p.number: p
            for p in TransformationProgramme.objects.filter(plan=self.plan).prefetch_related(
                "partners", "strategic_goals", "operational_goals"
            )
        }
        self._sgs = {s.code: s for s in StrategicGoal.objects.filter(plan=self.plan)}
        self._goals = {g.code: g for g in self.plan.operational_goals.all()}
        for i, row in enumerate(rows):
            number = require(row, "number", f"transformatieprogramma #{i + 1}", int)
            label = f"transformatieprogramma {number}"
            self.sync(
                "transformatieprogramma's",
                label,
                existing.get(number),
                lambda number=number: TransformationProgramme(plan=self.plan, number=number),
                self._programme_values(row, label),
                _programme_current,
                lambda obj, v, label=label: self._apply_programme(obj, v, label),
            )

    def _programme_values(self, row: dict, label: str) -> dict:
        values = {
            "name": require(row, "name", label),
            "objective": row.get("objective", ""),
            "context": row.get("context", ""),
            "contribution": row.get("contribution", ""),
            "partners": sorted(row.get("partners", [])),
            "strategic_goals": sorted(row.get("strategic_goals", [])),
            "operational_goals": sorted(row.get("operational_goals", [])),
        }
        require_known(
            label, "partners", values["partners"], self.organisations, "onbekende organisatie"
        )
        require_known(
            label,
            "strategic_goals",
            values["strategic_goals"],
            self._sgs,
            "onbekend strategisch doel",
        )
        require_known(
            label, "operational_goals", values["operational_goals"], self._goals, "onbekend doel"
        )
        return values

    def _apply_programme(self, obj, v: dict, label: str) -> None:
        for key in PROGRAMME_TEXT_FIELDS:
            setattr(obj, key, v[key])
        self.save(obj, label)
        obj.partners.set([self.organisations[n] for n in v["partners"]])
        obj.strategic_goals.set([self._sgs[c] for c in v["strategic_goals"]])
        obj.operational_goals.set([self._goals[c] for c in v["operational_goals"]])


def _organisation_values(obj: Organisation) -> dict:
    return {
        "sector": obj.sector,
        "coalition": obj.coalition,
        "is_generic": obj.is_generic,
        "municipality": obj.municipality.cbs_code if obj.municipality_id else None,
    }


def _programme_current(obj: TransformationProgramme) -> dict:
    values = {key: getattr(obj, key) for key in PROGRAMME_TEXT_FIELDS}
    values["partners"] = sorted(p.name for p in obj.partners.all())
    values["strategic_goals"] = sorted(s.code for s in obj.strategic_goals.all())
    values["operational_goals"] = sorted(g.code for g in obj.operational_goals.all())
    return values
