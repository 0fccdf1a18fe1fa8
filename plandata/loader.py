"""Run the section loaders over one plan data file, in one transaction."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from .base import DEFAULT_PATH, LoadReport, PlanDataError, SyncBase, read_file, require
from .goals import GoalSections
from .kpis import KpiSections
from .participation import ParticipationSections
from .plan import PlanSections

__all__ = ["DEFAULT_PATH", "LoadReport", "PlanDataError", "load_plan_data", "load_plan_file"]


class Loader(PlanSections, GoalSections, KpiSections, ParticipationSections, SyncBase):
    def run(self) -> LoadReport:
        data = self.data

        def section(key: str) -> list:
            return require(data, key, "bestand", list)

        self.plan = self.load_plan(require(data, "plan", "bestand", dict))
        self.load_municipalities(section("municipalities"))
        self.load_threads(section("threads"))
        self.priority_themes = self.load_priority_themes(section("priority_themes"))
        self.organisations = self.load_organisations(section("organisations"))
        self.initiatives = self.load_initiatives(section("initiatives"))
        self.load_themes(section("themes"))
        self.load_programmes(section("transformation_programmes"))
        self.tag_agreements()
        self.load_kpis(data.get("kpis", []))
        self.load_resident_initiatives(data.get("resident_initiatives", []))
        self.load_recommendations(data.get("recommendations", []))
        return self.report


def load_plan_data(data: dict, *, force: bool = False, by=None) -> LoadReport:
    """Load a parsed plan data file in one transaction and return what changed."""
    with transaction.atomic():
        return Loader(data, force=force, by=by).run()


def load_plan_file(path: Path | str = DEFAULT_PATH, *, force: bool = False, by=None) -> LoadReport:
    return load_plan_data(read_file(path), force=force, by=by)
