"""Participation pages: input, moderation, registry, moments, recommendations, privacy."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import can_edit_plan, moderator_required, plan_editor_required
from core import charts
from core.forms import apply_service_errors
from core.pagecache import cache_public_page
from core.security import client_ip
from regioplan import selectors as plan_selectors
from regioplan.models import OperationalGoal, Theme

from . import selectors, services
from .forms import (
    AnswerForm,
    BudgetForm,
    HideForm,
    InputForm,
    MomentForm,
    ProposalForm,
    PublishForm,
    RecommendationForm,
    ReviewForm,
)
from .models import Input, ParticipationBudget, Recommendation, ResidentInitiative


@cache_public_page
def overview(request):
    plan = plan_selectors.plan_get()
    return render(
        request,
        "participatie/overview.html",
        {
            "kpi": selectors.involvement_kpi(plan),
            "budget": selectors.budget_rows(),
            "inputs": selectors.published_inputs(limit=10),
            "moments": selectors.recent_moments(limit=20),
        },
    )


def input_create(request):
    """The input form: for a goal (?doel=), a theme (?opgave=) or the plan in general."""
    goal = OperationalGoal.objects.filter(
        code=request.GET.get("doel") or request.POST.get("doel")
    ).first()
    theme = Theme.objects.filter(
        code=request.GET.get("opgave") or request.POST.get("opgave")
    ).first()
    if goal is not None:
        theme = None
    form = InputForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            item = services.input_submit(
                ip=client_ip(request),
                honeypot=form.cleaned_data.get("website", ""),
                goal=goal,
                theme=theme,
                **data,
            )
        except services.RateLimited:
            form.add_error(
                None,
                _(
                    "U heeft de afgelopen tijd al vaak iets gestuurd. Probeer het over een uur "
                    "opnieuw, of mail ons via info@gezondemarke.nl."
                ),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            request.session["participatie_bedankt"] = bool(item and item.notify)
            return redirect("participatie:thanks")
    return render(
        request,
        "participatie/input_form.html",
        {"form": form, "goal": goal, "theme": theme},
        status=400 if form.errors else 200,
    )


def thanks(request):
    return render(
        request,
        "participatie/thanks.html",
        {"notify": request.session.pop("participatie_bedankt", False)},
    )


@csrf_exempt  # the token in the address is the secret; mail clients post without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (a link scanner must not unsubscribe anyone); POST unsubscribes.

    A POST is also what a mail client sends for RFC 8058 one-click unsubscribe.
    """
    if request.method == "GET":
        return render(request, "participatie/unsubscribe_confirm.html", {"token": token})
    count = services.unsubscribe(token)
    return render(request, "participatie/unsubscribed.html", {"count": count})


@moderator_required
def moderation(request):
    return render(request, "participatie/moderation.html", selectors.moderation_queue())


@moderator_required
def moderation_detail(request, pk):
    item = get_object_or_404(
        Input.objects.select_related("goal", "theme", "municipality", "led_to"), pk=pk
    )
    publish = PublishForm(initial={"public_text": item.public_text or item.text})
    hide, answer = (
        HideForm(),
        AnswerForm(
            goal=item.goal,
            initial={"status": item.answer_status, "answer": item.answer, "led_to": item.led_to_id},
        ),
    )
    if request.method == "POST":
        action = request.POST.get("actie")
        try:
            if action == "publiceren":
                publish = PublishForm(request.POST)
                if publish.is_valid():
                    services.input_publish(item=item, by=request.user, **publish.cleaned_data)
                    messages.success(request, _("De inbreng staat nu op de website."))
                    return redirect("participatie:moderation_detail", pk=item.pk)
            elif action == "verbergen":
                hide = HideForm(request.POST)
                if hide.is_valid():
                    services.input_hide(
                        item=item, by=request.user, reason=hide.cleaned_data["reason"]
                    )
                    messages.success(request, _("De inbreng is verborgen; de reden is vastgelegd."))
                    return redirect("participatie:moderation")
            elif action == "beantwoorden":
                answer = AnswerForm(request.POST, goal=item.goal)
                if answer.is_valid():
                    services.input_answer(item=item, by=request.user, **answer.cleaned_data)
                    messages.success(request, _("Het antwoord is opgeslagen."))
                    return redirect("participatie:moderation_detail", pk=item.pk)
        except ValidationError as exc:
            target = {"publiceren": publish, "verbergen": hide, "beantwoorden": answer}.get(
                action, answer
            )
            apply_service_errors(target, exc)
    return render(
        request,
        "participatie/moderation_detail.html",
        {"item": item, "publish": publish, "hide": hide, "answer": answer},
    )


@cache_public_page
def registry(request):
    return render(request, "participatie/registry.html", {"initiatives": selectors.registry()})


@cache_public_page
def initiative_detail(request, slug):
    item = get_object_or_404(
        ResidentInitiative.objects.public()
        .select_related("municipality")
        .prefetch_related("goals"),
        slug=slug,
    )
    return render(request, "participatie/initiative_detail.html", {"item": item})


def initiative_propose(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            item = services.initiative_propose(
                ip=client_ip(request), honeypot=form.cleaned_data.get("website", ""), **data
            )
        except services.RateLimited:
            form.add_error(
                None,
                _("U heeft de afgelopen tijd al vaak iets gestuurd. Probeer het later opnieuw."),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if item is None:
                return redirect("participatie:thanks")  # honeypot: pretend all is well
            messages.success(
                request, _("Bedankt! De participatiecoördinator bekijkt uw aanmelding.")
            )
            return redirect("participatie:registry")
    return render(
        request, "participatie/propose.html", {"form": form}, status=400 if form.errors else 200
    )


@moderator_required
@require_POST
def initiative_review(request, pk):
    item = get_object_or_404(ResidentInitiative, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("participatie:moderation")
    try:
        services.initiative_review(
            item=item,
            by=request.user,
            approve=request.POST.get("besluit") == "opnemen",
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Het initiatief is beoordeeld."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("participatie:moderation")


@moderator_required
def moment_create(request):
    form = MomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisations = data.pop("organisations")
        try:
            services.moment_create(by=request.user, organisations=organisations, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Het participatiemoment is vastgelegd."))
            return redirect("participatie:overview")
    return render(request, "participatie/moment_form.html", {"form": form})


@cache_public_page
def recommendations(request):
    rows = selectors.recommendation_rows()
    scatter = charts.scatter_chart(
        [(str(r.rec.number), r.rec.importance_votes, r.rec.urgency_votes) for r in rows],
        title=_("Prioritering van de aanbevelingen door het programmateam"),
        x_label=_("stemmen voor belang"),
        y_label=_("stemmen voor urgentie"),
    )
    coverage = charts.bar_chart(
        [(f"{r.rec.number}. {r.rec.title[:30]}", r.goal_count) for r in rows],
        title=_("Aantal operationele doelen per aanbeveling"),
    )
    lifestyle = charts.bar_chart(
        [(f"{r.rec.number}. {r.rec.title[:30]}", r.lifestyle_count) for r in rows],
        title=_("Aantal doelen per aanbeveling, thema Gezondheid en Leefstijl"),
    )
    return render(
        request,
        "participatie/recommendations.html",
        {
            "rows": rows,
            "scatter": mark_safe(scatter),
            "coverage": mark_safe(coverage),
            "lifestyle": mark_safe(lifestyle),
            "can_edit": can_edit_plan(request.user),
        },
    )


@plan_editor_required
def recommendation_edit(request, number):
    rec = get_object_or_404(Recommendation, number=number)
    form = RecommendationForm(
        request.POST or None,
        initial={
            "importance_votes": rec.importance_votes,
            "urgency_votes": rec.urgency_votes,
            "goals": list(rec.goals.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.recommendation_update(recommendation=rec, by=request.user, **form.cleaned_data)
        messages.success(request, _("Aanbeveling %(n)s is opgeslagen.") % {"n": rec.number})
        return redirect("participatie:recommendations")
    return render(request, "participatie/recommendation_form.html", {"form": form, "rec": rec})


def privacy(request):
    return render(
        request,
        "participatie/privacy.html",
        {"retention_days": settings.PARTICIPATIE_RETENTION_DAYS},
    )


@plan_editor_required
def budget(request):
    """The programme team records each year's IZA SPUK funds and the share for participation;
    the overview page shows it against what participation moments cost."""
    year = request.GET.get("jaar", "")
    existing = ParticipationBudget.objects.filter(year=year).first() if year.isdigit() else None
    initial = (
        {
            "year": existing.year,
            "spuk_total": existing.spuk_total,
            "reservation_percent": existing.reservation_percent,
        }
        if existing
        else {"reservation_percent": 8}
    )
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_save(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Het budget voor %(y)s is opgeslagen.") % {"y": saved.year})
            return redirect("participatie:budget")
    return render(
        request,
        "participatie/budget.html",
        {"form": form, "rows": selectors.budget_rows(), "editing": existing},
    )
