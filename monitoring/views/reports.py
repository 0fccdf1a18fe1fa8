"""Quarterly reports and municipality profiles (programme team, board, admin)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import (
    internal_reader_required,
)
from regioplan import selectors as plan_selectors
from regioplan.models import Agreement, Municipality

from ..models import QuarterlyReport
from ..periods import Period, closed_quarters, last_closed_quarter
from ..reporting import builds, schedule
from ..reporting.data import profile_data, report_data
from ..reporting.render import render_pdf


@internal_reader_required
def report_list(request):
    if request.method == "POST":
        raw = request.POST.get("kwartaal", "")
        try:
            quarter = Period.parse(raw)
            if not quarter.is_quarter:
                raise ValidationError(_("Kies een kwartaal, bijvoorbeeld 2025Q4."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:report_list")
        report, created = builds.report_request(
            quarter=quarter,
            by=request.user,
            later_corrections=request.POST.get("latere_correcties") == "ja",
        )
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
        return redirect("monitoring:report_list")
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
            "quarters": closed_quarters(plan_selectors.plan_get().start_year),
            "default_quarter": last_closed_quarter(),
            "municipalities": Municipality.objects.order_by("name"),
            "agreements": Agreement.objects.order_by("code"),
        },
    )


@internal_reader_required
def municipality_profile(request):
    """A municipality profile as PDF, made on request (one or two pages, the report's engine).

    Only closed quarters, like the quarterly report; a wrong choice goes back with a message."""

    plan = plan_selectors.plan_get()
    municipality = Municipality.objects.filter(
        cbs_code__iexact=request.GET.get("gemeente", "").strip()
    ).first()
    closed = {str(q): q for q in closed_quarters(plan.start_year)}
    quarter = closed.get(request.GET.get("kwartaal", "").strip().upper())
    if municipality is None or quarter is None:
        messages.error(request, _("Kies een gemeente en een afgesloten kwartaal uit de lijst."))
        return redirect(reverse("monitoring:report_list") + "#profiel")
    pdf, _pages = render_pdf(
        profile_data(plan, quarter, municipality), template="monitoring/report/profile.html"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"gezonde-marke-gemeenteprofiel-{municipality.cbs_code}-{quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@internal_reader_required
def agreement_report(request):
    """The quarterly report for the goals of one agreement (an IZA progress report), made on
    request with the same engine and the same closed book."""
    plan = plan_selectors.plan_get()
    agreement = Agreement.objects.filter(code=request.GET.get("afspraak", "").strip().lower())
    agreement = agreement.first()
    closed = {str(q): q for q in closed_quarters(plan.start_year)}
    quarter = closed.get(request.GET.get("kwartaal", "").strip().upper())
    if agreement is None or quarter is None:
        messages.error(request, _("Kies een afspraak en een afgesloten kwartaal uit de lijst."))
        return redirect(reverse("monitoring:report_list") + "#afspraak")
    pdf, _pages = render_pdf(report_data(plan, quarter, agreement=agreement))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"gezonde-marke-voortgang-{agreement.code}-{quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@internal_reader_required
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


@internal_reader_required
def report_download(request, pk):
    report = get_object_or_404(QuarterlyReport, pk=pk, status=QuarterlyReport.Status.READY)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        content_type="application/pdf",
        filename=f"gezonde-marke-kwartaalrapport-{report.quarter}-v{report.version}.pdf",
    )
