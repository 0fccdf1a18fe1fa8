"""KPI pages: the list, one KPI, and the programme team's management and target coverage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import (
    can_review,
    reviewer_required,
)
from audit.services import history_for
from core.forms import apply_service_errors
from regioplan import selectors as plan_selectors
from regioplan.models import Municipality, OperationalGoal

from .. import maps, services
from ..charts import kpi_line_chart
from ..forms import (
    ArchiveKpiForm,
    KpiForm,
    TargetFormSet,
)
from ..models import Kpi
from ..selectors import kpis as kpi_selectors
from ..selectors.coverage import coverage
from ..selectors.wijken import wijk_table
from ..sources import cbs


def kpi_list(request):
    kpis = list(kpi_selectors.kpis_queryset(Kpi.objects.public()))
    return render(request, "monitoring/kpi_list.html", {"rows": kpi_selectors.kpi_rows(kpis)})


def kpi_detail(request, code):
    kpi = kpi_selectors.kpi_detail(code, user=request.user)
    index = kpi_selectors.FigureIndex.for_kpis([kpi])
    row = kpi_selectors.kpi_rows([kpi], index)[0]
    municipalities = list(Municipality.objects.order_by("name"))
    periods = index.periods(kpi)
    compare_period = (
        request.GET.get("periode")
        if request.GET.get("periode") in periods
        else (periods[-1] if periods else None)
    )
    kpi_map = (
        maps.kpi_map(kpi, index, municipalities, period=compare_period) if compare_period else None
    )
    chosen = next(
        (m for m in municipalities if m.cbs_code == request.GET.get("gemeente", "").upper()),
        None,
    )
    wijk_period, wijken = (
        wijk_table(kpi, chosen, user=request.user) if chosen is not None else (None, [])
    )
    wijk_svg = maps.wijk_map(kpi, chosen, wijk_period, wijken) if wijken else ""
    return render(
        request,
        "monitoring/kpi_detail.html",
        {
            "kpi": kpi,
            "chosen": chosen,
            "wijk_period": wijk_period,
            "wijken": wijken,
            "wijk_map": wijk_svg,
            "municipalities": municipalities,
            "history": history_for(kpi) if can_review(request.user) else [],
            "archive_form": ArchiveKpiForm() if can_review(request.user) else None,
            "row": row,
            "periods": periods,
            "compare_period": compare_period,
            "kpi_map": kpi_map,
            "line": kpi_line_chart(
                row, heading=_("%(k)s in Drenthe door de tijd") % {"k": kpi.name}
            ),
        },
    )


@reviewer_required
def kpi_create(request):
    return _kpi_form(request, None)


@reviewer_required
def kpi_edit(request, code):
    return _kpi_form(request, get_object_or_404(Kpi, code=code))


def _kpi_form(request, kpi: Kpi | None):
    """Create or edit a KPI with its targets. 'Test de CBS-bron' shows the table's measures
    and latest values without saving; the form keeps what was typed."""
    editing = kpi is not None
    form = KpiForm(request.POST or None, instance=kpi, editing=editing)
    initial = (
        [
            {
                "year": t.year,
                "value": t.value,
                "upper_value": t.upper_value,
                "comparator": t.comparator,
            }
            for t in kpi.targets.order_by("year")
        ]
        if editing
        else []
    )
    targets = TargetFormSet(request.POST or None, initial=initial, prefix="streef")
    source_preview = None
    if request.method == "POST" and "cbs_test" in request.POST:
        source_preview = cbs.preview(
            request.POST.get("source_table", ""), request.POST.get("source_measure", "")
        )
    elif request.method == "POST" and form.is_valid() and targets.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("code", "goals")}
        rows = [t for t in targets.cleaned_data if t and t.get("year") is not None]
        try:
            if editing:
                saved = services.kpi_update(
                    kpi=kpi, by=request.user, targets=rows, goals=form.cleaned_data["goals"], **data
                )
            else:
                saved = services.kpi_create(
                    by=request.user,
                    code=form.cleaned_data["code"],
                    targets=rows,
                    goals=form.cleaned_data["goals"],
                    **data,
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("KPI %(c)s is opgeslagen.") % {"c": saved.code})
            return redirect("monitoring:kpi_detail", code=saved.code)
    return render(
        request,
        "monitoring/kpi_form.html",
        {"form": form, "targets": targets, "kpi": kpi, "preview": source_preview},
    )


@reviewer_required
@require_POST
def kpi_archive(request, code):
    kpi = get_object_or_404(Kpi, code=code)
    form = ArchiveKpiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden om de KPI te archiveren."))
        return redirect("monitoring:kpi_detail", code=kpi.code)
    services.kpi_archive(kpi=kpi, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(
        request,
        _("KPI %(c)s is gearchiveerd: niet meer in dashboards en rapporten; de cijfers blijven.")
        % {"c": kpi.code},
    )
    return redirect("monitoring:kpi_list")


@reviewer_required
def target_coverage(request):
    """Every quantified target in the plan's text: a KPI target, deliberately not made
    measurable (with a reason), or still open; and the goals without a year."""
    plan = plan_selectors.plan_get()
    if request.method == "POST":
        goal = get_object_or_404(OperationalGoal, plan=plan, code=request.POST.get("doel", ""))
        try:
            services.unmeasured_mark(
                goal=goal,
                quantity=request.POST.get("streefcijfer", ""),
                reason=request.POST.get("reden", ""),
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(q)s bij %(g)s staat nu als 'niet meetbaar gemaakt'.")
                % {"q": request.POST.get("streefcijfer"), "g": goal.code},
            )
        return redirect(reverse("monitoring:target_coverage") + f"#doel-{goal.code}")
    return render(request, "monitoring/coverage.html", coverage(plan))
