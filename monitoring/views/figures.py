"""Figures: the public list, entering one, and loading them from a file, CBS or WSJG."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import (
    can_review,
    reviewer_required,
)
from core.forms import apply_service_errors, querystring_without_page

from .. import services
from ..filtersets import FigureFilterSet
from ..forms import (
    CbsForm,
    FigureForm,
    ImportForm,
    WsjgForm,
)
from ..selectors import figures as figure_selectors
from ..services.imports import import_rows
from ..sources import files, wsjg
from ..sources.base import SourceUnavailable
from ..sources.cbs import import_cbs


def figure_list(request):
    # Always bound (an empty query too): the FilterSet's default level applies.
    filterset = FigureFilterSet(
        request.GET, queryset=figure_selectors.figures_queryset(request.user)
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "monitoring/figure_list.html",
        {
            "filter": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "can_manage": can_review(request.user),
        },
    )


@reviewer_required
def figure_create(request):
    form = FigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            figure = services.figure_create(
                kpi=data["kpi"],
                period=data["period"],
                municipality=data["municipality"],
                value=data["value"],
                source_note=data["source_note"],
                by=request.user,
                outlier_confirmed=data["confirm_outlier"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            note = (
                _(" Let op: deze waarde wijkt sterk af van eerdere waarden.")
                if figure.is_outlier
                else ""
            )
            messages.success(request, _("Meetwaarde opgeslagen.") + note)
            return redirect("monitoring:figure_list")
    return render(request, "monitoring/figure_form.html", {"form": form})


IMPORT_SESSION_KEY = "monitoring_import"


@reviewer_required
def figure_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and "bevestigen" in request.POST:
        table = request.session.get(IMPORT_SESSION_KEY)
        if not table:
            messages.error(
                request, _("Er is geen gecontroleerd bestand meer. Kies het bestand opnieuw.")
            )
            return redirect("monitoring:figure_import")
        result = import_rows(
            table,
            by=request.user,
            valid_only="alleen_geldige" in request.POST,
            confirm_outliers="bevestig_uitschieters" in request.POST,
        )
        if result.saved:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "%(n)s meetwaarden geïmporteerd. Ze staan klaar om te beoordelen en zijn "
                    "pas openbaar na goedkeuring."
                )
                % {"n": result.saved},
            )
            return redirect("monitoring:figure_review")
        if result.needs_confirmation:
            messages.error(
                request,
                _(
                    "Er is niets opgeslagen: bevestig eerst dat u de mogelijke uitschieters hebt "
                    "gecontroleerd."
                ),
            )
        else:
            messages.error(request, _("Er is niets opgeslagen: het bestand bevat fouten."))
        form = ImportForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = files.read_table(upload.name, upload.read())
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            request.session[IMPORT_SESSION_KEY] = [
                {k: str(v) for k, v in row.items()} for row in table
            ]
            result = files.check_rows(table)
    return render(request, "monitoring/import.html", {"form": form, "result": result})


@reviewer_required
def cbs_fetch(request):
    form = CbsForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = import_cbs(
                kpi=d["kpi"],
                table=d["table"].strip(),
                measure=d["measure"].strip(),
                first_year=d["first_year"],
                last_year=d["last_year"],
                by=request.user,
                level=d.get("level") or "gemeente",
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except SourceUnavailable as exc:
            form.add_error(None, str(exc))
    return render(request, "monitoring/cbs.html", {"form": form, "result": result})


@reviewer_required
def wsjg_fetch(request):
    """Fetch a KPI's municipal figures from Waarstaatjegemeente.nl into the review queue."""
    form = WsjgForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = wsjg.import_wsjg(
                kpi=d["kpi"], first_year=d["first_year"], last_year=d["last_year"], by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except SourceUnavailable as exc:
            form.add_error(None, str(exc))
    return render(request, "monitoring/wsjg.html", {"form": form, "result": result})
