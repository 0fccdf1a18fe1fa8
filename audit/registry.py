"""Which models are audited. Each app registers its own in `AppConfig.ready()`.

The audit app cannot import the apps above it, so they tell it which of their models carry a
change history; the audit log's filter and the write-path tests read this list.
"""

from django.db import models
from django.utils.text import capfirst

_AUDITED: dict[str, type[models.Model]] = {}


def register(*model_classes: type[models.Model]) -> None:
    for model in model_classes:
        _AUDITED[model._meta.label_lower] = model


def audited_models() -> list[type[models.Model]]:
    return list(_AUDITED.values())


def model_choices() -> list[tuple[str, str]]:
    """Return (model name, Dutch label) pairs for the audit log's filter."""
    return sorted(
        ((m._meta.model_name, capfirst(m._meta.verbose_name)) for m in _AUDITED.values()),
        key=lambda pair: pair[1],
    )
