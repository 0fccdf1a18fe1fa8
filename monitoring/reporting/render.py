"""HTML to a tagged PDF/UA document with WeasyPrint."""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

_SCOPES_PATCHED = False


def _footer_as_artifact() -> None:
    """Mark the running header and footer (CSS margin boxes) as artifacts, as PDF/UA asks.

    WeasyPrint (pinned) gives their text marked-content ids but leaves them out of the
    structure tree, so a checker finds content that is neither tagged nor an artifact. Here a
    margin box is drawn inside /Artifact without ids of its own, and left out of the tree.
    tests/monitoring/test_pdf_structure.py fails if it ever stops working."""
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as pdf_stream

    original_draw = draw.draw_stacking_context
    original_marked = pdf_stream.Stream.marked

    def draw_stacking_context(stream, stacking_context):
        if not isinstance(stacking_context.box, boxes.MarginBox):
            return original_draw(stream, stacking_context)
        stream._in_artifact = getattr(stream, "_in_artifact", 0) + 1
        try:
            with stream.artifact():
                return original_draw(stream, stacking_context)
        finally:
            stream._in_artifact -= 1

    @contextmanager
    def marked(self, box, tag):
        if getattr(self, "_in_artifact", 0):
            yield  # inside an artifact: no marked content of its own
            return
        with original_marked(self, box, tag):
            yield

    draw.draw_stacking_context = draw_stacking_context
    pdf_stream.Stream.marked = marked


def _tag_header_scopes() -> None:
    """Give every table header in the PDF's structure tree its /Scope (/Column or /Row, from
    the HTML `scope`), which PDF/UA checkers and screen readers need. WeasyPrint (pinned)
    links cells to headers but does not write the scope; this wraps its box walker once per
    process. tests/monitoring/test_pdf_structure.py fails if it ever stops working."""
    global _SCOPES_PATCHED
    if _SCOPES_PATCHED:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box, *args, **kwargs):
        if isinstance(box, boxes.MarginBox):
            return  # an artifact (see _footer_as_artifact): not in the structure tree
        for element in original(box, *args, **kwargs):
            if getattr(box, "element_tag", None) == "th" and str(element.get("S")) == "/TH":
                scope = box.element.attrib.get("scope", "col")
                element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"
            yield element

    tags._build_box_tree = build
    _footer_as_artifact()
    _SCOPES_PATCHED = True


def render_pdf(data: dict, template: str = "monitoring/report/report.html") -> tuple[bytes, int]:
    """Render a report to a tagged PDF/UA document; return (bytes, page count)."""
    from weasyprint import HTML

    _tag_header_scopes()
    html = render_to_string(template, {**data, "generated": timezone.localtime()})
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
