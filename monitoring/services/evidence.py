"""Evidence files attached to a progress update: checked by content and size."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Evidence, ProgressUpdate

# --- Evidence ---------------------------------------------------------------------------------

ALLOWED_EVIDENCE = {
    ".pdf": ("application/pdf", [b"%PDF"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [b"PK\x03\x04"],
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", [b"PK\x03\x04"]),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", [b"PK\x03\x04"]),
}


def validate_evidence(uploaded) -> tuple[str, str]:
    """Check an uploaded file by its content and size; return (safe name, content type)."""
    import os

    name = os.path.basename(uploaded.name or "bestand")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EVIDENCE:
        raise ValidationError(
            {
                "evidence": _(
                    "'%(n)s': alleen PDF, afbeeldingen (PNG, JPG) en kantoordocumenten "
                    "(Word, Excel, PowerPoint, OpenDocument) zijn toegestaan."
                )
                % {"n": name}
            }
        )
    if uploaded.size > settings.MONITORING_MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                "evidence": _("'%(n)s' is te groot (maximaal %(mb)s MB).")
                % {"n": name, "mb": settings.MONITORING_MAX_EVIDENCE_BYTES // (1024 * 1024)}
            }
        )
    content_type, magics = ALLOWED_EVIDENCE[ext]
    head = uploaded.read(8)
    uploaded.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            {
                "evidence": _("'%(n)s' is geen echt %(ext)s-bestand.")
                % {"n": name, "ext": ext[1:].upper()}
            }
        )
    return name[:255], content_type


# The stored path is evidence/<goal>/<period>/<name> in a column of 100 characters.
MAX_STORED_STEM = 60


def _stored_name(name: str) -> str:
    """A short file name for storage; the original name is kept apart for the download."""
    import os

    stem, ext = os.path.splitext(name)
    return (stem[:MAX_STORED_STEM] or "bestand") + ext


def evidence_add(*, update: ProgressUpdate, uploaded, by) -> Evidence:
    name, content_type = validate_evidence(uploaded)
    uploaded.name = _stored_name(name)
    return Evidence.objects.create(
        update=update,
        file=uploaded,
        original_name=name,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=by,
    )
