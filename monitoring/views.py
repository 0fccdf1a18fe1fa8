"""Monitoring pages: dashboards, KPIs, partners' updates and the programme team's review."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import (
    can_read_internal,
    can_review,
    partner_required,
    reviewer_required,
)
from audit.services import history_for
from core import charts
from core.access import login_and
from core.forms import apply_service_errors, querystring_without_page
from core.pagecache import cache_public_page, fragment
from regioplan import selectors as plan_selectors
from regioplan.models import Municipality, OperationalGoal

from . import cbs, coverage, importer, selectors, services, wsjg
from .cbs import import_cbs
from .charts import attach_line_charts
from .filtersets import FigureFilterSet
from .forms import (
    ArchiveKpiForm,
    CbsForm,
    FigureForm,
    ImportForm,
    KpiForm,
    ProgressUpdateForm,
    ReturnForm,
    TargetFormSet,
    WsjgForm,
    figure_line_formset,
)
from .models import Evidence, Kpi, ProgressUpdate, QuarterlyReport
from .periods import Period
from .permissions import can_report_on
from .reporting import builds, schedule

STATUS_COLOURS = {
    "not_started": "#6b6b6b",
    "on_track": "#1d6b35",
    "attention": "#b58100",
    "behind": "#b00020",
    "completed": "#1f4e99",
    selectors.GAP: "#d9d9d9",
}
STATUS_LABELS = {
    **dict(ProgressUpdate.Progress.choices),
    selectors.GAP: gettext_lazy("Geen goedgekeurde rapportage"),
}


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


def _quarter_param(request) -> Period:
    raw = request.GET.get("kwartaal")
    if raw:
        try:
            period = Period.parse(raw)
            if period.is_quarter:
                return period
        except ValidationError:
            pass
        messages.error(
            request,
            _("'%(q)s' is geen kwartaal; het laatste afgesloten kwartaal wordt getoond.")
            % {"q": raw},
        )
    return selectors.last_closed_quarter()


@cache_public_page
def dashboard(request):
    plan = plan_selectors.plan_get()
    quarter = _quarter_param(request)
    internal = can_read_internal(request.user)
    # The body is the same for every reader of a kind: cached until the next recorded write,
    # so signed-in readers get it without its queries and rendering too.
    body, has_demo = fragment(
        ("dashboard", str(quarter), internal),
        lambda: _dashboard_body(request, plan, quarter, internal),
    )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "body": body,
            "plan": plan,
            "quarter": quarter,
            "still_open": selectors.deadline(quarter) >= dt.date.today(),
            "deadline": selectors.deadline(quarter),
            "has_demo": has_demo,
            "review_count": selectors.review_queue().count() if can_review(request.user) else None,
            "previous_quarter": quarter.previous(),
            "next_quarter": quarter.next(),
        },
    )


def _dashboard_body(request, plan, quarter, internal) -> tuple[str, bool]:
    data = selectors.dashboard(plan, quarter)
    statuses = data["statuses"]
    legend = [(s, STATUS_LABELS[s], STATUS_COLOURS[s]) for s in statuses]

    def bar(title, counts):
        return mark_safe(
            charts.status_bar(
                [
                    (STATUS_LABELS[s], STATUS_COLOURS[s], c)
                    for s, c in zip(statuses, counts, strict=True)
                ],
                title=title,
            )
        )

    themes = [
        (t, counts, total, bar(f"{t.code} {t.name}", counts)) for t, counts, total in data["themes"]
    ]
    kpi_rows = selectors.kpi_rows(selectors.plan_kpis(), until=quarter)
    has_demo = data["has_demo_updates"] or any(r.is_demo for r in kpi_rows)
    html = render_to_string(
        "monitoring/_dashboard_body.html",
        {
            **data,
            "plan": plan,
            "legend": legend,
            "themes": themes,
            "kpi_rows": kpi_rows,
            "internal": internal,
            "previous_quarter": quarter.previous(),
        },
        request=request,
    )
    return mark_safe(html), has_demo


def goal_monitoring(request, code):
    plan = plan_selectors.plan_get()
    data = selectors.goal_monitoring(plan, code)
    attach_line_charts(data["kpi_rows"], height=160)
    return render(request, "monitoring/goal.html", {**data, "plan": plan})


def kpi_list(request):
    kpis = list(selectors.kpis_queryset().filter(is_demo=False, archived=False))
    return render(request, "monitoring/kpi_list.html", {"rows": selectors.kpi_rows(kpis)})


def kpi_detail(request, code):
    kpi = selectors.kpi_detail(code)
    index = selectors.FigureIndex.for_kpis([kpi])
    row = selectors.kpi_rows([kpi], index)[0]
    municipalities = list(Municipality.objects.order_by("name"))
    periods = index.periods(kpi)
    compare_period = (
        request.GET.get("periode")
        if request.GET.get("periode") in periods
        else (periods[-1] if periods else None)
    )
    municipal = (
        index.municipal_values(kpi, compare_period, municipalities) if compare_period else []
    )
    target = row.target.value if row.target else None
    return render(
        request,
        "monitoring/kpi_detail.html",
        {
            "kpi": kpi,
            "history": history_for(kpi) if can_review(request.user) else [],
            "archive_form": ArchiveKpiForm() if can_review(request.user) else None,
            "row": row,
            "periods": periods,
            "compare_period": compare_period,
            "municipal": municipal,
            "line": mark_safe(
                charts.line_chart(
                    row.series,
                    title=_("%(k)s in Drenthe door de tijd") % {"k": kpi.name},
                    baseline=kpi.baseline_value,
                    target=target,
                    unit=kpi.get_unit_display(),
                )
            ),
            "bars": mark_safe(
                charts.bar_chart(
                    [(m.name, v) for m, v in municipal],
                    title=_("%(k)s per gemeente, %(p)s") % {"k": kpi.name, "p": compare_period},
                    target=target,
                )
            )
            if municipal
            else "",
        },
    )


# --- Partners ---------------------------------------------------------------------------------


@partner_required
def my_goals(request):
    data = selectors.my_goals(request.user.organisation)
    return render(
        request, "monitoring/my_goals.html", {**data, "organisation": request.user.organisation}
    )


@partner_required
@require_POST
def update_start(request, code):
    goal = get_object_or_404(OperationalGoal, code=code)
    try:
        update = services.update_start(
            goal=goal,
            organisation=request.user.organisation,
            period=request.POST.get("period", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("monitoring:my_goals")
    if update.is_editable:
        return redirect("monitoring:update_edit", pk=update.pk)
    return redirect(update)


def _fetch_update(request, pk) -> ProgressUpdate:
    """Return an update the user may see: 404 if not at all (anonymous: to the login page).

    A 403 would leak that the update exists.
    """
    return selectors.update_detail(pk, user=request.user)


@partner_required
def update_edit(request, pk):
    update = _fetch_update(request, pk)
    if not can_report_on(request.user, update.goal, update.organisation):
        raise PermissionDenied
    if not update.is_editable:
        messages.info(
            request,
            _("Deze rapportage is %(s)s en kan niet meer worden gewijzigd.")
            % {"s": update.get_status_display().lower()},
        )
        return redirect(update)
    kpis = list(update.goal.kpis.order_by("code"))
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, instance=update)
    formset = figure_line_formset(request.POST or None, kpis=kpis, figures=update.figures.all())
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = [line for f in formset if (line := f.line())]
        fields = {name: form.cleaned_data[name] for name in ProgressUpdateForm.Meta.fields}
        evidence = [form.cleaned_data["evidence"]] if form.cleaned_data.get("evidence") else []
        try:
            submit = "indienen" in request.POST
            services.update_apply(
                update=ProgressUpdate.objects.get(pk=update.pk),
                by=request.user,
                fields=fields,
                figures=lines,
                evidence=evidence,
                transition="submitted" if submit else "",
            )
            if submit:
                messages.success(
                    request, _("Uw rapportage is ingediend. Het programmateam beoordeelt haar.")
                )
                return redirect("monitoring:update", pk=update.pk)
        except ValidationError as exc:
            problems = _errors(exc)
        else:
            messages.success(request, _("Concept opgeslagen."))
            return redirect("monitoring:update_edit", pk=update.pk)
    return render(
        request,
        "monitoring/update_form.html",
        {
            "update": update,
            "form": form,
            "formset": formset,
            "problems": problems,
            "has_kpis": bool(kpis),
        },
    )


def update_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    update = _fetch_update(request, pk)
    return render(
        request,
        "monitoring/update_detail.html",
        {
            "update": update,
            "return_form": ReturnForm(),
            "can_review": can_review(request.user),
            "can_report": can_report_on(request.user, update.goal, update.organisation),
        },
    )


@require_POST
def update_action(request, pk, action):
    if not request.user.is_authenticated:
        raise PermissionDenied
    update = _fetch_update(request, pk)
    try:
        if action == "indienen":
            services.update_submit(update=update, by=request.user)
            messages.success(request, _("Uw rapportage is ingediend."))
        elif action == "goedkeuren":
            services.update_approve(update=update, by=request.user)
            messages.success(request, _("De rapportage is goedgekeurd en vastgezet."))
        elif action == "terugsturen":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    _("Geef een reden, zodat de partner weet wat er moet veranderen.")
                )
            services.update_return(
                update=update, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("De rapportage is teruggestuurd naar de partner."))
        elif action == "corrigeren":
            revision = services.update_revise(update=update, by=request.user)
            return redirect("monitoring:update_edit", pk=revision.pk)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("monitoring:update", pk=update.pk)


def evidence_download(request, pk):
    if not request.user.is_authenticated:
        raise PermissionDenied
    visible = selectors.updates_visible_to(request.user)
    evidence = get_object_or_404(Evidence.objects.filter(update__in=visible), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# --- Programme team -------------------------------------------------------------------------------


@reviewer_required
def review_queue(request):
    queue = selectors.review_queue()
    if request.method == "POST":
        # Ids that are not plain numbers within the database's range were tampered with: ignored.
        ids = [
            raw
            for raw in request.POST.getlist("rapportage")
            if raw.isascii() and raw.isdigit() and len(raw) < 19
        ]
        chosen = queue.filter(pk__in=ids)
        done, problems = services.bulk_approve(updates=list(chosen), by=request.user)
        messages.success(request, _("%(n)s rapportage(s) goedgekeurd.") % {"n": done})
        for problem in problems:
            messages.error(request, problem)
        return redirect("monitoring:review")
    return render(request, "monitoring/review.html", {"queue": queue})


def figure_list(request):
    filterset = FigureFilterSet(request.GET or None, queryset=selectors.figures_queryset())
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
        result = importer.import_rows(
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
            table = importer.read_table(upload.name, upload.read())
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            request.session[IMPORT_SESSION_KEY] = [
                {k: str(v) for k, v in row.items()} for row in table
            ]
            result = importer.check_rows(table)
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
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except OSError as exc:
            form.add_error(None, _("CBS StatLine is niet bereikbaar: %(e)s") % {"e": exc})
    return render(request, "monitoring/cbs.html", {"form": form, "result": result})


# --- Quarterly reports (programme team, board, admin) ---------------------------------

report_reader_required = login_and(can_read_internal)


@report_reader_required
def report_list(request):
    if request.method == "POST":
        raw = request.POST.get("kwartaal", "")
        try:
            quarter = Period.parse(raw)
            if not quarter.is_quarter:
                raise ValidationError(_("Kies een kwartaal, bijvoorbeeld 2025Q4."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:reports")
        report, created = builds.report_request(quarter=quarter, by=request.user)
        if not created:
            messages.info(
                request,
                _("Het rapport over %(q)s wordt al gemaakt; u ziet hieronder hoe ver het is.")
                % {"q": quarter.label()},
            )
        else:
            messages.success(
                request, _("Het rapport over %(q)s is aangevraagd.") % {"q": quarter.label()}
            )
        return redirect("monitoring:reports")
    all_reports = QuarterlyReport.objects.select_related("requested_by")
    waiting = [
        r for r in all_reports if r.status == QuarterlyReport.Status.QUEUED and not r.enqueued
    ]
    return render(
        request,
        "monitoring/reports.html",
        {
            "reports": all_reports,
            "schedule": schedule.schedule_description(),
            "waiting": waiting,
            "quarters": selectors.closed_quarters(plan_selectors.plan_get()),
            "default_quarter": selectors.last_closed_quarter(),
            "municipalities": Municipality.objects.order_by("name"),
        },
    )


@report_reader_required
def municipality_profile(request):
    """A municipality profile as PDF, made on request (one or two pages, the report's engine).

    Only closed quarters, like the quarterly report; a wrong choice goes back with a message."""
    from .reporting.data import profile_data
    from .reporting.render import render_pdf

    plan = plan_selectors.plan_get()
    municipality = Municipality.objects.filter(
        cbs_code__iexact=request.GET.get("gemeente", "").strip()
    ).first()
    closed = {str(q): q for q in selectors.closed_quarters(plan)}
    quarter = closed.get(request.GET.get("kwartaal", "").strip().upper())
    if municipality is None or quarter is None:
        messages.error(request, _("Kies een gemeente en een afgesloten kwartaal uit de lijst."))
        return redirect(reverse("monitoring:reports") + "#profiel")
    pdf, _pages = render_pdf(
        profile_data(plan, quarter, municipality), template="monitoring/report/profile.html"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"gezonde-marke-gemeenteprofiel-{municipality.cbs_code}-{quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@report_reader_required
def report_status(request, pk):
    report = get_object_or_404(QuarterlyReport, pk=pk)
    return JsonResponse(
        {
            "id": report.pk,
            "status": report.status,
            "label": report.get_status_display(),
            "error": report.error,
            "pages": report.page_count,
            "size": report.size,
            "sha256": report.sha256,
            "download": reverse("monitoring:report_download", args=[report.pk])
            if report.status == "ready"
            else None,
        }
    )


@report_reader_required
def report_download(request, pk):
    report = get_object_or_404(QuarterlyReport, pk=pk, status=QuarterlyReport.Status.READY)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        content_type="application/pdf",
        filename=f"gezonde-marke-kwartaalrapport-{report.quarter}-v{report.version}.pdf",
    )


# --- KPI management (programme team) ---------------------------------------------------


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
            return redirect("monitoring:kpi", code=saved.code)
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
        return redirect("monitoring:kpi", code=kpi.code)
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
        return redirect(reverse("monitoring:coverage") + f"#doel-{goal.code}")
    return render(request, "monitoring/coverage.html", coverage.coverage(plan))


@reviewer_required
def figure_review(request):
    """Imported and fetched figures wait here ('te beoordelen') until the programme team
    approves them, in bulk if it likes; a possible outlier needs its own confirmation."""
    if request.method == "POST":
        chosen = request.POST.getlist("meetwaarde")
        action = "reject" if "afwijzen" in request.POST else "approve"
        out = services.figures_review(
            by=request.user,
            approve=chosen if action == "approve" else (),
            reject=chosen if action == "reject" else (),
            confirmed=request.POST.getlist("bevestigd"),
        )
        if out["approved"]:
            messages.success(
                request, _("%(n)s meetwaarden goedgekeurd.") % {"n": len(out["approved"])}
            )
        if out["rejected"]:
            messages.success(
                request, _("%(n)s meetwaarden afgewezen.") % {"n": len(out["rejected"])}
            )
        if out["unconfirmed"]:
            messages.error(
                request,
                _(
                    "%(n)s mogelijke uitschieters zijn niet goedgekeurd: vink 'gecontroleerd' aan "
                    "bij elke uitschieter die klopt."
                )
                % {"n": len(out["unconfirmed"])},
            )
        if not chosen:
            messages.error(request, _("Kies eerst een of meer meetwaarden."))
        return redirect("monitoring:figure_review")
    return render(request, "monitoring/figure_review.html", selectors.figures_waiting())


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
        except wsjg.SourceUnavailable as exc:
            form.add_error(None, str(exc))
    return render(request, "monitoring/wsjg.html", {"form": form, "result": result})
