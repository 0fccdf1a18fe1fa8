"""The audit log: every recorded change to plan, KPI, figure, update, input or report."""

import csv
import json

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from gezondemarke.api.renderers import csv_safe
from gezondemarke.lib.forms import querystring_without_page

from .models import ChangeRecord
from .permissions import plan_editor_required

AUDITED_MODELS = {
    "operationalgoal": _("Operationeel doel"), "strategicgoal": _("Strategisch doel"), "theme": _("Regio-opgave"),
    "prioritytheme": _("Prioritair thema"), "organisation": _("Organisatie"), "initiative": _("Initiatief"),
    "transformationprogramme": _("Transformatieprogramma"), "kpi": _("KPI"), "figure": _("Meetwaarde"),
    "progressupdate": _("Voortgangsrapportage"), "input": _("Inbreng van inwoners"),
    "quarterlyreport": _("Kwartaalrapport"), "residentinitiative": _("Bewonersinitiatief"),
    "recommendation": _("Aanbeveling"), "participationmoment": _("Participatiemoment"),
}


class ChangeRecordFilterSet(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(label=_("Soort"), field_name="content_type__model",
                                        choices=list(AUDITED_MODELS.items()), empty_label=_("Alles"))
    actie = django_filters.ChoiceFilter(label=_("Actie"), field_name="action", choices=ChangeRecord.Action.choices,
                                        empty_label=_("Alle acties"))
    gebruiker = django_filters.CharFilter(label=_("Gebruiker"), field_name="user__username", lookup_expr="iexact")
    van = django_filters.DateFilter(label=_("Vanaf (datum)"), field_name="created_at", lookup_expr="date__gte",
                                    widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
    tot = django_filters.DateFilter(label=_("Tot en met (datum)"), field_name="created_at", lookup_expr="date__lte",
                                    widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
    zoek = django_filters.CharFilter(label=_("Zoek in object of reden"), method="search")

    class Meta:
        model = ChangeRecord
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(object_repr__icontains=value) | Q(reason__icontains=value))


@plan_editor_required
def audit_log(request):
    """Browse and filter the log (programme team); export it as CSV (admins)."""
    filterset = ChangeRecordFilterSet(request.GET or None,
                                      queryset=ChangeRecord.objects.select_related("user", "content_type"))
    if request.GET.get("formaat") == "csv":
        if not request.user.is_portal_admin:
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="auditlog.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["tijdstip", "soort", "object", "actie", "gebruiker", "reden", "wijzigingen"])
        for rec in filterset.qs.iterator(chunk_size=2000):
            writer.writerow([csv_safe(v) for v in (rec.created_at.isoformat(), rec.content_type.model,
                             rec.object_repr, rec.action, rec.user.username if rec.user else "", rec.reason,
                             json.dumps(rec.changes, ensure_ascii=False, default=str))])
        return response
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("pagina"))
    return render(request, "regioplan/audit_log.html", {
        "filter": filterset, "page": page, "querystring": querystring_without_page(request), "models": AUDITED_MODELS,
        "can_export": request.user.is_portal_admin,
    })

