"""HTML to a tagged PDF/UA document with WeasyPrint."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

_SCOPES_PATCHED = False


def _tag_header_scopes() -> None:
    """Give every table header in the PDF's structure tree its /Scope (/Column or /Row, from
    the HTML `scope`), which PDF/UA checkers and screen readers need. WeasyPrint (pinned)
    links cells to headers but does not write the scope; this wraps its box walker once per
    process. tests/monitoring/test_pdf_structure.py fails if it ever stops working."""
    global _SCOPES_PATCHED
    if _SCOPES_PATCHED:
        return
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box, *args, **kwargs):
        for element in original(box, *args, **kwargs):
            if getattr(box, "element_tag", None) == "th" and str(element.get("S")) == "/TH":
                scope = box.element.attrib.get("scope", "col")
                element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"
            yield element

    tags._build_box_tree = build
    _SCOPES_PATCHED = True


def render_pdf(data: dict, template: str = "monitoring/report/report.html") -> tuple[bytes, int]:
    """Render a report to a tagged PDF/UA document; return (bytes, page count)."""
    from weasyprint import HTML

    _tag_header_scopes()
    html = render_to_string(template, {**data, "generated": timezone.localtime()})
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
