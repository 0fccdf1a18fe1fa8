"""The layout keeps its shape: no two modules import each other (docs/ARCHITECTURE.md).

import-linter (in .ci/run) keeps the layers; this catches a circle inside one layer.
"""

import grimp

PACKAGES = ("core", "accounts", "audit", "regioplan", "monitoring", "participatie", "plandata")


def test_no_two_modules_import_each_other():
    graph = grimp.build_graph(*PACKAGES, "gezondemarke", cache_dir=None)
    pairs = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if module in graph.find_modules_directly_imported_by(imported):
                pairs.add(tuple(sorted((module, imported))))
    # A package importing its own submodule, and that submodule importing the package
    # for a sibling (`from . import x`), is how Python resolves relative imports, not a circle.
    pairs = {(a, b) for a, b in pairs if not b.startswith(a + ".")}
    assert not pairs, f"modules that import each other: {sorted(pairs)}"


def test_lower_layers_never_import_higher_ones():
    graph = grimp.build_graph(*PACKAGES, "gezondemarke", cache_dir=None)
    order = ["core", "accounts", "audit", "regioplan", "monitoring", "participatie", "plandata"]
    for low_index, low in enumerate(order):
        for high in order[low_index + 1 :] + ["gezondemarke"]:
            chain = graph.find_shortest_chain(importer=low, imported=high, as_packages=True)
            assert chain is None, f"{low} imports {high}: {' -> '.join(chain)}"
