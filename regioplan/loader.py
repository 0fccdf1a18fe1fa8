"""Load the committed plan data file (regioplan/data/regioplan.yaml) into the database.

Rules:
- one transaction: bad data stops the load with an error naming the record and field,
  and nothing is written;
- idempotent: a second run changes nothing and says so;
- an object edited in the portal since the last load is a conflict: skipped and
  reported, overwritten only with force=True. Each loaded object keeps the fingerprint
  of the file values it was loaded from; if its current values no longer match that
  fingerprint, someone edited it in the portal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction

from audit.models import ChangeRecord
from audit.services import diff, fingerprint, record_change

from .codes import normalise_operational_code, normalise_strategic_code, validate_theme_code
from .models import (
    GoalOrganisation,
    Initiative,
    Municipality,
    OperationalGoal,
    Organisation,
    Plan,
    PriorityTheme,
    StrategicGoal,
    Theme,
    Thread,
    TransformationProgramme,
)
from .services import unique_slug

DEFAULT_PATH = Path(__file__).parent / "data" / "regioplan.yaml"
INITIATOR = GoalOrganisation.Role.POTENTIAL_INITIATOR


def _num(value) -> str:
    """A number as plain text without trailing zeros: 20, 20.0000 and 2E+1 all give '20'."""
    return format(Decimal(str(value)).normalize(), "f")


class PlanDataError(Exception):
    """The data file is wrong: names the record and the field."""

    def __init__(self, record: str, field_name: str, message: str):
        super().__init__(f"{record}, veld '{field_name}': {message}")
        self.record, self.field, self.message = record, field_name, message


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def lines(self) -> list[str]:
        out = []
        for label, counter in (("aangemaakt", self.created), ("bijgewerkt", self.updated)):
            for kind, n in sorted(counter.items()):
                out.append(f"{kind}: {n} {label}")
        for conflict in self.conflicts:
            out.append(f"CONFLICT (overgeslagen): {conflict}")
        for item in self.overwritten:
            out.append(f"overschreven met --force: {item}")
        if not self.changed and not self.conflicts:
            out.append("Niets gewijzigd: de database komt al overeen met het plandatabestand.")
        return out


def read_file(path: Path | str = DEFAULT_PATH) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PlanDataError(str(path), "-", f"geen geldige YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PlanDataError(str(path), "-", "het bestand bevat geen plan")
    return data


def _require(
    record: dict, key: str, label: str, kind: type | tuple = str, *, allow_empty: bool = False
) -> Any:
    if not isinstance(record, dict):
        raise PlanDataError(label, key, "verwacht een record met velden")
    if key not in record:
        raise PlanDataError(label, key, "ontbreekt")
    value = record[key]
    # bool is a subclass of int, but `number: true` is a mistake in the file, not a number.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PlanDataError(label, key, f"verkeerd type: {type(value).__name__}")
    if not allow_empty and value in ("", None, []):
        raise PlanDataError(label, key, "mag niet leeg zijn")
    return value


class _Loader:
    def __init__(self, data: dict, *, force: bool, by):
        self.data, self.force, self.by = data, force, by
        self.report = LoadReport()

    # -- generic sync ---------------------------------------------------------------

    def sync(
        self,
        kind: str,
        label: str,
        obj: models.Model | None,
        make: Callable[[], models.Model],
        file_values: dict[str, Any],
        current: Callable[[models.Model], dict[str, Any]],
        apply: Callable[[models.Model, dict[str, Any]], None],
    ) -> models.Model:
        fp = fingerprint(file_values)
        if obj is None:
            obj = make()
            apply(obj, file_values)
            type(obj).objects.filter(pk=obj.pk).update(source_fingerprint=fp)
            obj.source_fingerprint = fp
            self.report.created[kind] += 1
            record_change(
                obj, action=ChangeRecord.Action.LOAD, changes=diff({}, file_values), by=self.by
            )
            return obj
        now = current(obj)
        if fingerprint(now) == fp:
            if obj.source_fingerprint != fp:
                type(obj).objects.filter(pk=obj.pk).update(source_fingerprint=fp)
            self.report.unchanged[kind] += 1
            return obj
        edited_in_portal = fingerprint(now) != obj.source_fingerprint
        changes = diff(now, file_values)
        if edited_in_portal and not self.force:
            fields = ", ".join(sorted(changes))
            self.report.conflicts.append(
                f"{label} is in het portaal gewijzigd ({fields}); gebruik --force om te overschrijven"
            )
            return obj
        if edited_in_portal:
            self.report.overwritten.append(label)
        apply(obj, file_values)
        type(obj).objects.filter(pk=obj.pk).update(source_fingerprint=fp)
        obj.source_fingerprint = fp
        self.report.updated[kind] += 1
        record_change(obj, action=ChangeRecord.Action.LOAD, changes=changes, by=self.by)
        return obj

    @staticmethod
    def save(obj: models.Model, label: str, exclude: tuple[str, ...] = ()) -> None:
        try:
            obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            name, messages = next(iter(exc.message_dict.items()))
            raise PlanDataError(label, name, " ".join(messages)) from exc
        obj.save()

    # -- the plan -------------------------------------------------------------------

    def run(self) -> LoadReport:
        data = self.data
        plan_data = _require(data, "plan", "bestand", dict)
        self.plan = self.load_plan(plan_data)
        self.load_municipalities(_require(data, "municipalities", "bestand", list))
        self.load_threads(_require(data, "threads", "bestand", list))
        self.priority_themes = self.load_priority_themes(
            _require(data, "priority_themes", "bestand", list)
        )
        self.organisations = self.load_organisations(
            _require(data, "organisations", "bestand", list)
        )
        self.initiatives = self.load_initiatives(_require(data, "initiatives", "bestand", list))
        themes = _require(data, "themes", "bestand", list)
        self.load_themes(themes)
        self.load_programmes(_require(data, "transformation_programmes", "bestand", list))
        self.load_kpis(data.get("kpis", []))
        self.load_resident_initiatives(data.get("resident_initiatives", []))
        self.load_recommendations(data.get("recommendations", []))
        return self.report

    def load_plan(self, p: dict) -> Plan:
        slug = _require(p, "slug", "plan")
        values = {
            "name": _require(p, "name", "plan"),
            "subtitle": p.get("subtitle", ""),
            "dream": p.get("dream", ""),
            "start_year": _require(p, "start_year", "plan", int),
            "horizon_year": _require(p, "horizon_year", "plan", int),
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
            code = _require(row, "cbs_code", label)
            name = _require(row, "name", label)
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
            slug, name = _require(row, "slug", label), _require(row, "name", label)
            thread, created = Thread.objects.get_or_create(
                plan=self.plan, slug=slug, defaults={"name": name, "position": i}
            )
            if created:
                self.report.created["rode draden"] += 1

    def load_priority_themes(self, rows: list) -> dict[str, PriorityTheme]:
        existing = {pt.slug: pt for pt in PriorityTheme.objects.filter(plan=self.plan)}
        out = {}
        fields = (
            "number",
            "name",
            "ambition",
            "administrative_leads",
            "writing_team",
            "facilitator",
        )
        for i, row in enumerate(rows):
            slug = _require(row, "slug", f"prioritair thema #{i + 1}")
            label = f"prioritair thema {slug}"
            values = {
                "number": _require(row, "number", label, int),
                "name": _require(row, "name", label),
                "ambition": _require(row, "ambition", label),
                "administrative_leads": row.get("administrative_leads", []),
                "writing_team": row.get("writing_team", []),
                "facilitator": row.get("facilitator", ""),
            }

            def apply(obj, v, label=label):
                for k in fields:
                    setattr(obj, k, v[k])
                self.save(obj, label)

            out[slug] = self.sync(
                "prioritaire thema's",
                label,
                existing.get(slug),
                lambda slug=slug: PriorityTheme(plan=self.plan, slug=slug),
                values,
                lambda obj: {k: getattr(obj, k) for k in fields},
                apply,
            )
        return out

    def load_organisations(self, rows: list) -> dict[str, Organisation]:
        existing = {o.name: o for o in Organisation.objects.select_related("municipality")}
        munis = {m.cbs_code: m for m in Municipality.objects.all()}
        out = {}
        for i, row in enumerate(rows):
            name = _require(row, "name", f"organisatie #{i + 1}")
            label = f"organisatie {name}"
            muni = row.get("municipality")
            if muni and muni not in munis:
                raise PlanDataError(label, "municipality", f"onbekende gemeente '{muni}'")
            coalition = row.get("coalition", "")
            if coalition not in Organisation.Coalition.values:
                raise PlanDataError(label, "coalition", f"onbekende coalitie '{coalition}'")
            values = {
                "sector": _require(row, "sector", label),
                "coalition": coalition,
                "is_generic": bool(row.get("generic", False)),
                "municipality": muni or None,
            }

            def apply(obj, v, label=label, name=name):
                obj.sector, obj.coalition, obj.is_generic = (
                    v["sector"],
                    v["coalition"],
                    v["is_generic"],
                )
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
                lambda obj: {
                    "sector": obj.sector,
                    "coalition": obj.coalition,
                    "is_generic": obj.is_generic,
                    "municipality": obj.municipality.cbs_code if obj.municipality_id else None,
                },
                apply,
            )
        return out

    def load_initiatives(self, rows: list) -> dict[str, Initiative]:
        existing = {i.name: i for i in Initiative.objects.all()}
        out = {}
        for i, row in enumerate(rows):
            name = _require(row, "name", f"initiatief #{i + 1}")
            label = f"initiatief {name}"
            if name.strip().lower() == "nader te bepalen":
                raise PlanDataError(label, "name", "'Nader te bepalen' is geen initiatief")
            values = {"description": row.get("description", "")}

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
                values,
                lambda obj: {"description": obj.description},
                apply,
            )
        return out

    def load_themes(self, themes: list) -> None:
        existing_themes = {t.code: t for t in Theme.objects.filter(plan=self.plan)}
        existing_sgs = {
            s.code: s for s in StrategicGoal.objects.filter(plan=self.plan).select_related("theme")
        }
        goal_rows: list[tuple[StrategicGoal, dict, str]] = []
        for ti, t in enumerate(themes):
            code = _require(t, "code", f"regio-opgave #{ti + 1}")
            label = f"regio-opgave {code}"
            try:
                validate_theme_code(code)
            except ValidationError as exc:
                raise PlanDataError(label, "code", exc.messages[0]) from exc
            values = {
                "name": _require(t, "name", label),
                "slogan": t.get("slogan", ""),
                "focus_areas": t.get("focus_areas", []),
            }

            def apply_theme(obj, v, label=label):
                obj.name, obj.slogan, obj.focus_areas = v["name"], v["slogan"], v["focus_areas"]
                self.save(obj, label)

            theme = self.sync(
                "regio-opgaven",
                label,
                existing_themes.get(code),
                lambda code=code: Theme(plan=self.plan, code=code),
                values,
                lambda obj: {
                    "name": obj.name,
                    "slogan": obj.slogan,
                    "focus_areas": obj.focus_areas,
                },
                apply_theme,
            )
            for si, s in enumerate(_require(t, "strategic_goals", label, list)):
                raw = _require(s, "code", f"{label}, strategisch doel #{si + 1}")
                sg_label = f"strategisch doel {raw}"
                try:
                    sg_code = normalise_strategic_code(raw)
                except ValidationError as exc:
                    raise PlanDataError(sg_label, "code", exc.messages[0]) from exc
                if not sg_code.startswith(code + "."):
                    raise PlanDataError(sg_label, "code", f"hoort niet bij regio-opgave {code}")
                sg_values = {"theme": code, "text": _require(s, "text", sg_label)}

                def apply_sg(obj, v, theme=theme, sg_label=sg_label):
                    obj.theme, obj.text = theme, v["text"]
                    self.save(obj, sg_label)

                sg = self.sync(
                    "strategische doelen",
                    sg_label,
                    existing_sgs.get(sg_code),
                    lambda sg_code=sg_code, theme=theme: StrategicGoal(
                        plan=self.plan, code=sg_code, theme=theme
                    ),
                    sg_values,
                    lambda obj: {"theme": obj.theme.code, "text": obj.text},
                    apply_sg,
                )
                for gi, g in enumerate(
                    _require(s, "operational_goals", sg_label, list, allow_empty=True)
                ):
                    raw_goal = _require(g, "code", f"{sg_label}, operationeel doel #{gi + 1}")
                    try:
                        goal_code = normalise_operational_code(raw_goal)
                    except ValidationError as exc:
                        raise PlanDataError(
                            f"operationeel doel {raw_goal}", "code", exc.messages[0]
                        ) from exc
                    if not goal_code.startswith(sg.code + "."):
                        raise PlanDataError(
                            f"operationeel doel {goal_code}", "code", f"hoort niet bij {sg.code}"
                        )
                    goal_rows.append((sg, g, goal_code))
        self.load_goals(goal_rows)

    def load_goals(self, rows: list[tuple[StrategicGoal, dict, str]]) -> None:
        codes = [code for _, _, code in rows]
        duplicates = {c for c in codes if codes.count(c) > 1}
        if duplicates:
            raise PlanDataError(
                f"operationeel doel {sorted(duplicates)[0]}", "code", "komt meer dan eens voor"
            )
        existing = {
            g.code: g
            for g in OperationalGoal.objects.filter(plan=self.plan)
            .select_related("strategic_goal")
            .prefetch_related(
                "priority_themes",
                "related_goals",
                "related_strategic_goals",
                "initiatives",
                models.Prefetch(
                    "organisation_links",
                    queryset=GoalOrganisation.objects.filter(role=INITIATOR).select_related(
                        "organisation"
                    ),
                    to_attr="initiator_links",
                ),
            )
        }
        all_sgs = {s.code: s for s in StrategicGoal.objects.filter(plan=self.plan)}
        new_codes = set(codes) - set(existing)
        known_codes = set(codes) | set(existing)
        scalar = (
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
        parsed = []
        for sg, g, code in rows:
            label = f"operationeel doel {code}"
            values: dict[str, Any] = {
                "strategic_goal": sg.code,
                "source_code": g.get("source_code", ""),
            }
            for key in scalar:
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
            for slug in values["priority_themes"]:
                if slug not in self.priority_themes:
                    raise PlanDataError(
                        label, "priority_themes", f"onbekend prioritair thema '{slug}'"
                    )
            try:
                values["related_goals"] = sorted(
                    normalise_operational_code(c) for c in g.get("related_goals", [])
                )
                values["related_strategic_goals"] = sorted(
                    normalise_strategic_code(c) for c in g.get("related_strategic_goals", [])
                )
            except ValidationError as exc:
                raise PlanDataError(label, "related_goals", exc.messages[0]) from exc
            for ref in values["related_goals"]:
                if ref not in known_codes:
                    raise PlanDataError(label, "related_goals", f"onbekend doel '{ref}'")
            for ref in values["related_strategic_goals"]:
                if ref not in all_sgs:
                    raise PlanDataError(
                        label, "related_strategic_goals", f"onbekend strategisch doel '{ref}'"
                    )
            values["initiatives"] = sorted(g.get("initiatives", []))
            for name in values["initiatives"]:
                if name not in self.initiatives:
                    raise PlanDataError(label, "initiatives", f"onbekend initiatief '{name}'")
            values["initiators"] = sorted(g.get("initiators", []))
            for name in values["initiators"]:
                if name not in self.organisations:
                    raise PlanDataError(label, "initiators", f"onbekende organisatie '{name}'")
            parsed.append((sg, code, label, values))

        # Pass 1: create the new goals bare, so cross-references can point at them.
        created: dict[str, OperationalGoal] = {}
        for sg, code, label, values in parsed:
            if code in new_codes:
                goal = OperationalGoal(plan=self.plan, strategic_goal=sg, code=code)
                for key in scalar:
                    setattr(goal, key, values[key])
                goal.source_code = values["source_code"]
                self.save(goal, label, exclude=("plan",))
                created[code] = goal
        by_code = {**existing, **created}

        def current(goal: OperationalGoal) -> dict[str, Any]:
            now = {key: getattr(goal, key) for key in scalar}
            now["strategic_goal"] = goal.strategic_goal.code
            now["source_code"] = goal.source_code
            now["priority_themes"] = sorted(pt.slug for pt in goal.priority_themes.all())
            now["related_goals"] = sorted(g.code for g in goal.related_goals.all())
            now["related_strategic_goals"] = sorted(
                s.code for s in goal.related_strategic_goals.all()
            )
            now["initiatives"] = sorted(i.name for i in goal.initiatives.all())
            now["initiators"] = sorted(link.organisation.name for link in goal.initiator_links)
            return now

        for sg, code, label, values in parsed:

            def apply(goal, v, label=label):
                for key in scalar:
                    setattr(goal, key, v[key])
                goal.source_code = v["source_code"]
                goal.strategic_goal = all_sgs[v["strategic_goal"]]
                goal.version += 1  # an edit form opened before this load is now stale
                self.save(goal, label, exclude=("plan",))
                goal.priority_themes.set([self.priority_themes[s] for s in v["priority_themes"]])
                goal.related_goals.set([by_code[c] for c in v["related_goals"]])
                goal.related_strategic_goals.set([all_sgs[c] for c in v["related_strategic_goals"]])
                goal.initiatives.set([self.initiatives[n] for n in v["initiatives"]])
                wanted = {self.organisations[n].pk for n in v["initiators"]}
                GoalOrganisation.objects.filter(goal=goal, role=INITIATOR).exclude(
                    organisation_id__in=wanted
                ).delete()
                have = set(
                    GoalOrganisation.objects.filter(goal=goal, role=INITIATOR).values_list(
                        "organisation_id", flat=True
                    )
                )
                GoalOrganisation.objects.bulk_create(
                    GoalOrganisation(goal=goal, organisation_id=pk, role=INITIATOR)
                    for pk in wanted - have
                )

            if code in created:
                goal = created[code]
                apply(goal, values)
                fp = fingerprint(values)
                OperationalGoal.objects.filter(pk=goal.pk).update(source_fingerprint=fp)
                self.report.created["operationele doelen"] += 1
                record_change(
                    goal, action=ChangeRecord.Action.LOAD, changes=diff({}, values), by=self.by
                )
            else:
                self.sync(
                    "operationele doelen",
                    label,
                    existing[code],
                    lambda: None,
                    values,
                    current,
                    apply,
                )

    def load_programmes(self, rows: list) -> None:
        existing = {
            p.number: p
            for p in TransformationProgramme.objects.filter(plan=self.plan).prefetch_related(
                "partners", "strategic_goals", "operational_goals"
            )
        }
        sgs = {s.code: s for s in StrategicGoal.objects.filter(plan=self.plan)}
        goals = {g.code: g for g in OperationalGoal.objects.filter(plan=self.plan)}
        for i, row in enumerate(rows):
            number = _require(row, "number", f"transformatieprogramma #{i + 1}", int)
            label = f"transformatieprogramma {number}"
            values = {
                "name": _require(row, "name", label),
                "objective": row.get("objective", ""),
                "context": row.get("context", ""),
                "contribution": row.get("contribution", ""),
                "partners": sorted(row.get("partners", [])),
                "strategic_goals": sorted(row.get("strategic_goals", [])),
                "operational_goals": sorted(row.get("operational_goals", [])),
            }
            for name in values["partners"]:
                if name not in self.organisations:
                    raise PlanDataError(label, "partners", f"onbekende organisatie '{name}'")
            for code in values["strategic_goals"]:
                if code not in sgs:
                    raise PlanDataError(
                        label, "strategic_goals", f"onbekend strategisch doel '{code}'"
                    )
            for code in values["operational_goals"]:
                if code not in goals:
                    raise PlanDataError(label, "operational_goals", f"onbekend doel '{code}'")

            def apply(obj, v, label=label):
                obj.name, obj.objective, obj.context, obj.contribution = (
                    v["name"],
                    v["objective"],
                    v["context"],
                    v["contribution"],
                )
                self.save(obj, label)
                obj.partners.set([self.organisations[n] for n in v["partners"]])
                obj.strategic_goals.set([sgs[c] for c in v["strategic_goals"]])
                obj.operational_goals.set([goals[c] for c in v["operational_goals"]])

            self.sync(
                "transformatieprogramma's",
                label,
                existing.get(number),
                lambda number=number: TransformationProgramme(plan=self.plan, number=number),
                values,
                lambda obj: {
                    "name": obj.name,
                    "objective": obj.objective,
                    "context": obj.context,
                    "contribution": obj.contribution,
                    "partners": sorted(p.name for p in obj.partners.all()),
                    "strategic_goals": sorted(s.code for s in obj.strategic_goals.all()),
                    "operational_goals": sorted(g.code for g in obj.operational_goals.all()),
                },
                apply,
            )

    def load_kpis(self, rows: list) -> None:
        """The plan's quantified targets, as KPIs linked to their goals."""
        from monitoring.models import Kpi, KpiTarget

        existing = {
            k.code: k
            for k in Kpi.objects.prefetch_related("targets", "goals").select_related(
                "weight", "owner"
            )
        }
        goals = {g.code: g for g in OperationalGoal.objects.filter(plan=self.plan)}
        codes = {_require(r, "code", f"KPI #{i + 1}") for i, r in enumerate(rows)} | set(existing)
        choices = {
            "unit": Kpi.Unit.values,
            "direction": Kpi.Direction.values,
            "source": Kpi.Source.values,
            "frequency": Kpi.Frequency.values,
            "level": Kpi.Level.values,
            "aggregation": Kpi.Aggregation.values,
        }
        text_fields = (
            "name",
            "definition",
            "plan_quote",
            "source_table",
            "source_measure",
            "source_note",
        )
        parsed = []
        for row in rows:
            code = row["code"]
            label = f"KPI {code}"
            values: dict[str, Any] = {"name": _require(row, "name", label)}
            for key in text_fields[1:]:
                values[key] = row.get(key, "")
            for key, allowed in choices.items():
                values[key] = _require(row, key, label)
                if values[key] not in allowed:
                    raise PlanDataError(label, key, f"onbekende waarde '{values[key]}'")
            for key in ("baseline_value", "amber_margin"):
                value = row.get(key)
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, (int, float, str))
                ):
                    raise PlanDataError(label, key, "moet een getal zijn")
                values[key] = None if value is None else _num(value)
            values["baseline_year"] = row.get("baseline_year")
            values["weight"] = row.get("weight")
            if values["weight"] and values["weight"] not in codes:
                raise PlanDataError(label, "weight", f"onbekende KPI '{values['weight']}'")
            values["owner"] = row.get("owner")
            if values["owner"] and values["owner"] not in self.organisations:
                raise PlanDataError(label, "owner", f"onbekende organisatie '{values['owner']}'")
            values["goals"] = sorted(row.get("goals", []))
            for goal_code in values["goals"]:
                if goal_code not in goals:
                    raise PlanDataError(label, "goals", f"onbekend doel '{goal_code}'")
            targets = []
            for t in row.get("targets", []):
                year, value = t.get("year"), t.get("value")
                if (
                    not isinstance(year, int)
                    or isinstance(year, bool)
                    or not isinstance(value, (int, float))
                ):
                    raise PlanDataError(
                        label, "targets", "elk streefcijfer heeft een jaar en een getal"
                    )
                targets.append([year, _num(value)])
            values["targets"] = sorted(targets)
            parsed.append((code, label, values))

        by_code = dict(existing)
        for code, label, values in parsed:

            def apply(kpi, v, label=label):
                for key in (*text_fields, *choices):
                    setattr(kpi, key, v[key])
                kpi.baseline_value = (
                    Decimal(v["baseline_value"]) if v["baseline_value"] is not None else None
                )
                kpi.amber_margin = (
                    Decimal(v["amber_margin"]) if v["amber_margin"] is not None else None
                )
                kpi.baseline_year = v["baseline_year"]
                kpi.owner = self.organisations[v["owner"]] if v["owner"] else None
                kpi.weight = by_code.get(v["weight"]) if v["weight"] else None
                self.save(kpi, label, exclude=("weight",))
                kpi.goals.set([goals[c] for c in v["goals"]])
                kpi.targets.all().delete()
                KpiTarget.objects.bulk_create(
                    KpiTarget(kpi=kpi, year=y, value=Decimal(x)) for y, x in v["targets"]
                )

            def current(kpi):
                now = {key: getattr(kpi, key) for key in (*text_fields, *choices)}
                now["baseline_value"] = (
                    _num(kpi.baseline_value) if kpi.baseline_value is not None else None
                )
                now["amber_margin"] = (
                    _num(kpi.amber_margin) if kpi.amber_margin is not None else None
                )
                now["baseline_year"] = kpi.baseline_year
                now["owner"] = kpi.owner.name if kpi.owner_id else None
                now["weight"] = kpi.weight.code if kpi.weight_id else None
                now["goals"] = sorted(g.code for g in kpi.goals.all())
                now["targets"] = sorted([t.year, _num(t.value)] for t in kpi.targets.all())
                return now

            by_code[code] = self.sync(
                "KPI's",
                label,
                existing.get(code),
                lambda code=code: Kpi(code=code),
                values,
                current,
                apply,
            )
        # Weights can point at KPIs later in the file: set them once all exist.
        for code, label, values in parsed:
            kpi = by_code[code]
            weight = by_code.get(values["weight"]) if values["weight"] else None
            if kpi.weight_id != getattr(weight, "pk", None):
                Kpi.objects.filter(pk=kpi.pk).update(weight=weight)

    def load_resident_initiatives(self, rows: list) -> None:
        """Resident initiatives the plan names: in the public registry from the start."""
        from participatie.models import ResidentInitiative

        existing = {
            r.name: r
            for r in ResidentInitiative.objects.select_related(
                "municipality", "plan_initiative"
            ).prefetch_related("goals")
        }
        goals = {g.code: g for g in OperationalGoal.objects.filter(plan=self.plan)}
        munis = {m.cbs_code: m for m in Municipality.objects.all()}
        for i, row in enumerate(rows):
            name = _require(row, "name", f"bewonersinitiatief #{i + 1}")
            label = f"bewonersinitiatief {name}"
            values = {
                "place": row.get("place", ""),
                "municipality": row.get("municipality"),
                "kind": _require(row, "kind", label),
                "description": row.get("description", ""),
                "plan_initiative": row.get("plan_initiative"),
                "goals": sorted(row.get("goals", [])),
            }
            if values["kind"] not in ResidentInitiative.Kind.values:
                raise PlanDataError(label, "kind", f"onbekende soort '{values['kind']}'")
            if values["municipality"] and values["municipality"] not in munis:
                raise PlanDataError(
                    label, "municipality", f"onbekende gemeente '{values['municipality']}'"
                )
            if values["plan_initiative"] and values["plan_initiative"] not in self.initiatives:
                raise PlanDataError(
                    label, "plan_initiative", f"onbekend initiatief '{values['plan_initiative']}'"
                )
            for code in values["goals"]:
                if code not in goals:
                    raise PlanDataError(label, "goals", f"onbekend doel '{code}'")

            def apply(obj, v, label=label, name=name):
                obj.place, obj.kind, obj.description = v["place"], v["kind"], v["description"]
                obj.municipality = munis.get(v["municipality"]) if v["municipality"] else None
                obj.plan_initiative = (
                    self.initiatives.get(v["plan_initiative"]) if v["plan_initiative"] else None
                )
                obj.status, obj.in_plan = ResidentInitiative.Status.APPROVED, True
                if not obj.slug:
                    obj.slug = unique_slug(ResidentInitiative, name)
                self.save(obj, label)
                obj.goals.set([goals[c] for c in v["goals"]])

            self.sync(
                "bewonersinitiatieven",
                label,
                existing.get(name),
                lambda name=name: ResidentInitiative(name=name),
                values,
                lambda obj: {
                    "place": obj.place,
                    "municipality": obj.municipality.cbs_code if obj.municipality_id else None,
                    "kind": obj.kind,
                    "description": obj.description,
                    "plan_initiative": obj.plan_initiative.name if obj.plan_initiative_id else None,
                    "goals": sorted(g.code for g in obj.goals.all()),
                },
                apply,
            )

    def load_recommendations(self, rows: list) -> None:
        """The 10 recommendations of seed 002 with the report's stated counts. Votes and goal
        links are entered in the portal (the extract lost them) and never touched here."""
        from participatie.models import Recommendation

        existing = {r.number: r for r in Recommendation.objects.all()}
        fields = ("title", "text", "reported_goal_count", "reported_lifestyle_count")
        for i, row in enumerate(rows):
            number = _require(row, "number", f"aanbeveling #{i + 1}", int)
            label = f"aanbeveling {number}"
            values = {
                "title": _require(row, "title", label),
                "text": _require(row, "text", label),
                "reported_goal_count": row.get("reported_goal_count"),
                "reported_lifestyle_count": row.get("reported_lifestyle_count"),
            }

            def apply(obj, v, label=label):
                for key in fields:
                    setattr(obj, key, v[key])
                self.save(obj, label)

            self.sync(
                "aanbevelingen",
                label,
                existing.get(number),
                lambda number=number: Recommendation(number=number),
                values,
                lambda obj: {k: getattr(obj, k) for k in fields},
                apply,
            )


def load_plan_data(data: dict, *, force: bool = False, by=None) -> LoadReport:
    """Load a parsed plan data file in one transaction and return what changed."""
    with transaction.atomic():
        return _Loader(data, force=force, by=by).run()


def load_plan_file(path: Path | str = DEFAULT_PATH, *, force: bool = False, by=None) -> LoadReport:
    return load_plan_data(read_file(path), force=force, by=by)
