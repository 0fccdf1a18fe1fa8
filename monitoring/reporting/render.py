"""HTML to a tagged PDF/UA document with WeasyPrint."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(data: dict) -> tuple[bytes, int]:
    """Render the report to a tagged PDF/UA document; return (bytes, page count)."""
    from weasyprint import HTML

    html = render_to_string(
        "monitoring/report/report.html", {**data, "generated": timezone.localtime()}
    )
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
