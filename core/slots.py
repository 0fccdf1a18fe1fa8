"""Places on a lower app's page that a higher app fills, without the lower app knowing it.

A template of a lower layer never includes or loads a higher app's templates (the layer rule
for templates, tests/project/test_layers.py). Where a page shows something a higher app owns
(the goal page shows residents' input), the template names a slot, `{% slot "goal" goal=goal %}`,
and the higher app fills it in its `AppConfig.ready()`: `slots.fill("goal", "participatie",
render)`, where `render(**kwargs)` returns HTML. An unfilled slot renders nothing.
"""

from __future__ import annotations

from collections.abc import Callable

_SLOTS: dict[str, dict[str, Callable[..., str]]] = {}


def fill(name: str, key: str, render: Callable[..., str]) -> None:
    """Let `render(**kwargs)` fill slot `name`; `key` (the app) keeps a second call idempotent."""
    _SLOTS.setdefault(name, {})[key] = render


def render(name: str, **kwargs) -> str:
    """Return the HTML of every filler of slot `name`, in the order they were registered."""
    return "".join(str(fill_(**kwargs)) for fill_ in _SLOTS.get(name, {}).values())
