"""The layout keeps its shape (docs/ARCHITECTURE.md): no circle of imports of any length,
no import that runs up a layer, and templates that follow the same layers.

import-linter (in .ci/run) keeps the layers of Python imports; these tests also catch a
circle inside one layer, and the crossings import-linter cannot see: templates.
"""

import re
from pathlib import Path

import grimp
import pytest

# Lowest first, as in pyproject.toml's import-linter contract.
ORDER = [
    "core",
    "accounts",
    "audit",
    "regioplan",
    "monitoring",
    "participatie",
    "governance",
    "plandata",
    "opendata",
]
ROOT = Path(__file__).resolve().parents[2]


def _graph():
    return grimp.build_graph(*ORDER, "gezondemarke", cache_dir=None)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted.

    An edge from a module to a package that contains it is left out: `from . import x` in a
    package's submodule names the package, which is how Python resolves relative imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if node.startswith(target + "."):
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_circles_of_any_length():
    three = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert circles(three) == [["a.x", "a.y", "a.z"]]
    assert circles({"a.x": {"a.y"}, "a.y": set()}) == []
    assert circles({"a.b": {"a"}, "a": {"a.b"}}) == []  # a package and its own submodule


def test_no_circle_of_imports_of_any_length():
    graph = _graph()
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert not circles(edges), f"modules that import each other in a circle: {circles(edges)}"


def test_lower_layers_never_import_higher_ones():
    graph = _graph()
    for low_index, low in enumerate(ORDER):
        for high in ORDER[low_index + 1 :] + ["gezondemarke"]:
            chain = graph.find_shortest_chain(importer=low, imported=high, as_packages=True)
            assert chain is None, f"{low} imports {high}: {' -> '.join(chain)}"


# --- Templates -----------------------------------------------------------------------------

TAG = re.compile(r"{%\s*(include|extends)\s+[\"']([^\"']+)[\"']|{%\s*load\s+([^%]+?)\s*%}")


def _tag_libraries() -> dict[str, str]:
    """Template tag library name -> the app that defines it."""
    return {
        path.stem: app
        for app in ORDER
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def template_crossings(templates: dict[str, str], libraries: dict[str, str]) -> list[str]:
    """Where a template of an app includes, extends or loads something of a higher app.

    A template belongs to the app whose folder it is in (`monitoring/…`); shared partials
    (`includes/…`) and the site's frame (`base.html`, `errors/…`) belong to the lowest layer,
    so they may use nothing of an app."""
    rank = {app: n for n, app in enumerate(ORDER)}

    def layer(name: str) -> int:
        return rank.get(name.split("/", 1)[0], -1) if "/" in name else -1

    found = []
    for name, text in templates.items():
        own = layer(name)
        if name.split("/", 1)[0] not in rank and not name.startswith("includes/"):
            continue  # the project's own pages (open data, accessibility, registration)
        for kind, target, loads in TAG.findall(text):
            if target and kind == "include" and layer(target) > own:
                found.append(f"{name} includes {target}")
            for library in (loads or "").split():
                app = libraries.get(library)
                if app is not None and rank[app] > own:
                    found.append(f"{name} loads {library} ({app})")
    return sorted(found)


def _templates() -> dict[str, str]:
    base = ROOT / "templates"
    return {
        str(p.relative_to(base)): p.read_text(encoding="utf-8")
        for p in base.rglob("*")
        if p.is_file() and p.suffix in (".html", ".txt", ".xml")
    }


def test_the_template_check_sees_an_include_or_a_load_that_runs_up():
    libraries = {"participatie_tags": "participatie", "monitoring_tags": "monitoring"}
    planted = {
        "regioplan/page.html": "{% load i18n participatie_tags %}"
        '{% include "monitoring/_x.html" %}',
        "includes/_field.html": "{% load monitoring_tags %}",
        "participatie/page.html": '{% load monitoring_tags %}{% include "regioplan/_y.html" %}',
    }
    assert template_crossings(planted, libraries) == [
        "includes/_field.html loads monitoring_tags (monitoring)",
        "regioplan/page.html includes monitoring/_x.html",
        "regioplan/page.html loads participatie_tags (participatie)",
    ]


def test_no_template_includes_or_loads_from_a_higher_app():
    assert not template_crossings(_templates(), _tag_libraries())


@pytest.mark.parametrize("folder", ["includes"])
def test_shared_partials_live_in_templates_includes(folder):
    shared = {"_field.html", "_form_errors.html", "_pagination.html"}
    assert shared <= {p.name for p in (ROOT / "templates" / folder).iterdir()}
