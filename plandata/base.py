"""What every section loader shares: errors, the report, reading and the sync rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models

from audit.models import ChangeRecord
from audit.services import diff, fingerprint, record_change

DEFAULT_PATH = Path(__file__).parent / "data" / "regioplan.yaml"


def plain_number(value) -> str:
    """A number as plain text without trailing zeros: 20, 20.0000 and 2E+1 all give '20'."""
    return format(Decimal(str(value)).normalize(), "f")


def optional_number(value) -> str | None:
    return None if value is None else plain_number(value)


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


def require(
    record: dict, key: str, label: str, kind: type | tuple = str, *, allow_empty: bool = False
) -> Any:
    """Return record[key], or raise PlanDataError when it is missing, empty or mistyped."""
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


def require_known(label: str, key: str, values, known, message: str) -> None:
    """Raise PlanDataError ("onbekend doel '2.9.9.Z'") for the first value not in `known`."""
    for value in values:
        if value not in known:
            raise PlanDataError(label, key, f"{message} '{value}'")


class SyncBase:
    """The sync rule shared by every section: create, update from the file, or report."""

    def __init__(self, data: dict, *, force: bool, by):
        self.data, self.force, self.by = data, force, by
        self.report = LoadReport()

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
            self.mark_loaded(obj, fp)
            self.report.created[kind] += 1
            self.record(obj, diff({}, file_values))
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
                f"{label} is in het portaal gewijzigd ({fields}); gebruik --force om te "
                "overschrijven"
            )
            return obj
        if edited_in_portal:
            self.report.overwritten.append(label)
        apply(obj, file_values)
        self.mark_loaded(obj, fp)
        self.report.updated[kind] += 1
        self.record(obj, changes)
        return obj

    @staticmethod
    def mark_loaded(obj: models.Model, fp: str) -> None:
        # The fingerprint is bookkeeping of the loader, not a change: `apply` has saved the
        # object (and moved updated_at) already.
        type(obj).objects.filter(pk=obj.pk).update(source_fingerprint=fp)
        obj.source_fingerprint = fp

    def record(self, obj: models.Model, changes: dict) -> None:
        record_change(obj, action=ChangeRecord.Action.LOAD, changes=changes, by=self.by)

    @staticmethod
    def save(obj: models.Model, label: str, exclude: tuple[str, ...] = ()) -> None:
        try:
            obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            name, messages = next(iter(exc.message_dict.items()))
            raise PlanDataError(label, name, " ".join(messages)) from exc
        obj.save()
