"""The quarterly PDF passes the checks a PDF/UA checker and a screen-reader user make:
every table header has a scope, every chart an alt text that says what it shows, no link
inside a link, no blank page, one sans-serif font family."""

import datetime as dt
import io
import re

import pypdf
import pytest
from django.template.loader import render_to_string

from monitoring.periods import Period
from monitoring.reporting import render
from monitoring.reporting.data import report_data
from monitoring.services.demo import seed_demo

pytestmark = pytest.mark.django_db


def walk(node, parents=(), found=None):
    """Yield (structure element, roles of its ancestors) for the whole structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            yield node, parents
            parents = (*parents, str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            yield from walk(kids, parents)
    elif isinstance(node, list):
        for child in node:
            yield from walk(child, parents)


def test_the_pdf_structure_passes_the_accessibility_checks(plan):
    seed_demo(scale=1, today=dt.date(2026, 11, 23))
    data = report_data(plan, Period(2026, 3))
    pdf, _pages = render.render_pdf(data)
    html = render_to_string("monitoring/report/report.html", {**data, "generated": None})
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    elements = list(walk(reader.trailer["/Root"]["/StructTreeRoot"]))

    headers = [e for e, _p in elements if e["/S"] == "/TH"]
    assert len(headers) > 50
    unscoped = [h for h in headers if "/Scope" not in h.get("/A", {})]
    assert not unscoped, f"{len(unscoped)} table headers without a scope"
    assert {str(h["/A"]["/Scope"]) for h in headers} == {"/Column", "/Row"}
    # Every header in the HTML says what it heads (the renderer would otherwise guess), and
    # each row header is a /Row in the PDF: a row header that lost scope="row" is found here.
    cells = re.findall(r"<th\b[^>]*>", html)
    assert cells and not [c for c in cells if "scope=" not in c], "a <th> without a scope"
    row_headers = sum('scope="row"' in c for c in cells)
    assert row_headers > 20
    assert sum(str(h["/A"]["/Scope"]) == "/Row" for h in headers) == row_headers

    # Every marked-content id in the pages belongs to the structure tree; whatever is not
    # tagged (the running footer) is an artifact. WeasyPrint alone leaves the footer's ids out.
    tree_ids: dict[int, set[int]] = {}
    for element, _p in elements:
        page = element.get("/Pg")
        kids = element.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            if isinstance(kid, int) and page is not None:
                tree_ids.setdefault(page.idnum, set()).add(kid)
    for page in reader.pages:
        operations = pypdf.generic.ContentStream(page.get_contents(), reader).operations
        used = {
            int(args[1]["/MCID"])
            for args, op in operations
            if op == b"BDC" and isinstance(args[1], dict) and "/MCID" in args[1]
        }
        assert used <= tree_ids.get(page.indirect_reference.idnum, set()), "untagged content"
        artifacts = [args for args, op in operations if op == b"BMC" and args[0] == "/Artifact"]
        assert artifacts  # at least the running footer

    figures = [e for e, _p in elements if e["/S"] == "/Figure"]
    assert len(figures) > 5
    maps = [str(f.get("/Alt", "")) for f in figures if "Kaart van Drenthe" in str(f.get("/Alt"))]
    assert len(maps) >= 2, "the annex shows maps of Drenthe"
    for alt in maps:  # a map says it is one, what it shows, and its range or verdicts
        assert alt.startswith("Kaart van Drenthe: ") and alt.endswith("."), alt
        assert " van " in alt or "op koers" in alt, alt
    for figure in figures:
        alt = str(figure.get("/Alt", ""))
        if alt.startswith("Kaart van Drenthe: "):
            continue
        assert "streefwaarde" in alt or "nog geen waarden" in alt, alt
        assert alt.endswith(").") and ";" in alt, alt  # name; values; target; direction (unit).

    nested = [e for e, parents in elements if e["/S"] == "/Link" and "/Link" in parents]
    assert not nested, f"{len(nested)} links inside a link"

    contents = reader.pages[1].extract_text()
    assert re.search(r"Samenvatting\s*\.{3,}\s*\d+", contents), contents[:300]  # page numbers

    blank = [i + 1 for i, page in enumerate(reader.pages) if not page.extract_text().strip()]
    assert not blank, f"blank pages: {blank}"

    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.replace("-", "").startswith("DejaVuSans") for f in fonts), fonts
