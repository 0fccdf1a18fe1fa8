"""The audit log: every recorded change to plan, KPI, figure, update, input or report."""

import csv
import json

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts.permissions import plan_editor_required
from core.api.renderers import csv_safe
from core.forms import querystring_without_page

from . import registry
from .filtersets import ChangeRecordFilterSet
from .models import ChangeRecord

CSV_HEADER = ["tijdstip", "soort", "object", "actie", "gebruiker", "reden", "wijzigingen"]


def _csv_row(rec: ChangeRecord) -> list[str]:
    values = (
        rec.created_at.isoformat(),
        rec.content_type.model,
        rec.object_repr,
        rec.action,
        rec.user.username if rec.user else "",
        rec.reason,
        json.dumps(rec.changes, ensure_ascii=False, default=str),
    )
    return [csv_safe(v) for v in values]


def _csv_export(records) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="auditlog.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    for rec in records.iterator(chunk_size=2000):
        writer.writerow(_csv_row(rec))
    return response


@plan_editor_required
def audit_log(request):
    """Browse and filter the log (programme team); export it as CSV (admins)."""
    filterset = ChangeRecordFilterSet(
        request.GET or None, queryset=ChangeRecord.objects.select_related("user", "content_type")
    )
    if request.GET.get("formaat") == "csv":
        if not request.user.is_portal_admin:
            raise PermissionDenied
        return _csv_export(filterset.qs)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("pagina"))
    context = {
        "filter": filterset,
        "page": page,
        "querystring": querystring_without_page(request),
        "models": dict(registry.model_choices()),
        "can_export": request.user.is_portal_admin,
    }
    return render(request, "audit/audit_log.html", context)
