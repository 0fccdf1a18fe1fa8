"""Pages: stories of change (tell, moderate, shortlist and select), the collaboration pulse,
the board's decisions and actions, and what we learned."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import (
    can_edit_plan,
    can_read_internal,
    login_and,
    moderator_required,
    plan_editor_required,
)
from core.forms import apply_service_errors
from core.periods import Period, current_quarter, last_closed_quarter
from core.ratelimit import RateLimit
from core.security import client_ip

from . import selectors, services
from .forms import (
    ActionFormSet,
    ActionProgressForm,
    DecisionForm,
    LessonForm,
    ModerateForm,
    PulseForm,
    ResidentStoryForm,
    SelectForm,
    StoryForm,
    VerifyForm,
)
from .models import Action, PulseResponse, Story


def _quarter(request, default: Period) -> Period:
    try:
        period = Period.parse(request.GET.get("kwartaal") or str(default))
        return period if period.is_quarter else default
    except ValidationError:
        return default


# --- Stories ------------------------------------------------------------------------------


def story_list(request):
    stories = Story.objects.visible_to(request.user).filter(status=Story.Status.PUBLISHED)
    domain = request.GET.get("domein")
    if domain in Story.Domain.values:
        stories = stories.filter(domain=domain)
    return render(
        request,
        "governance/story_list.html",
        {
            "stories": stories.select_related("goal", "organisation")[:100],
            "counts": selectors.story_counts(),
            "domains": Story.Domain.choices,
            "domain": domain,
        },
    )


def story_detail(request, pk):
    story = (
        Story.objects.visible_to(request.user)
        .select_related("goal__strategic_goal__theme", "organisation")
        .filter(pk=pk)
        .first()
    )
    if story is None:
        raise Http404
    return render(
        request,
        "governance/story_detail.html",
        {"story": story, "team": can_edit_plan(request.user), "verify_form": VerifyForm()},
    )


@login_and(lambda u: can_edit_plan(u) or (u.is_partner and u.organisation_id))
def story_tell(request):
    form = StoryForm(request.POST or None, initial={"goal": request.GET.get("doel")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = services.story_tell(
                by=request.user, goal=data["goal"], domain=data["domain"], fields=data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Dank u. Het programmateam bekijkt uw verhaal."))
            return redirect(story.get_absolute_url())
    return render(request, "governance/story_form.html", {"form": form, "resident": False})


_RESIDENT_LIMIT = RateLimit("resident-story", 5, 3600)


def story_tell_resident(request):
    form = ResidentStoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _RESIDENT_LIMIT.allows("ip", client_ip(request)):
            form.add_error(None, _("U stuurde veel verhalen in korte tijd. Probeer het later."))
        else:
            data = form.cleaned_data
            try:
                story = services.story_tell_resident(
                    goal=data["goal"],
                    domain=data["domain"],
                    fields=data,
                    name=data["name"],
                    email=data["email"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return render(request, "governance/story_thanks.html", {"story": story})
    return render(request, "governance/story_form.html", {"form": form, "resident": True})


def story_withdraw(request, token):
    if request.method == "POST":
        done = services.story_withdraw(token=token)
        return render(request, "governance/story_withdrawn.html", {"done": done})
    if not Story.objects.filter(token=token, teller=Story.Teller.RESIDENT).exists():
        return render(request, "governance/story_withdrawn.html", {"done": False}, status=404)
    return render(request, "governance/story_withdraw.html", {"token": token})


@moderator_required
def story_moderation(request):
    waiting = Story.objects.filter(status=Story.Status.SUBMITTED).select_related("goal")
    return render(
        request,
        "governance/story_moderation.html",
        {"rows": [(s, ModerateForm(initial=_story_initial(s), prefix=str(s.pk))) for s in waiting]},
    )


def _story_initial(story):
    return {n: getattr(story, n) for n in ("title", "what_changed", "for_whom", "why_it_matters")}


@moderator_required
@require_POST
def story_moderate(request, pk):
    story = get_object_or_404(Story, pk=pk)
    form = ModerateForm(request.POST, prefix=str(pk))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.story_moderate(
                story=story,
                by=request.user,
                publish=data["decision"] == "publiceren",
                fields={
                    k: data[k] for k in ("title", "what_changed", "for_whom", "why_it_matters")
                },
                note=data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Verwerkt: %(t)s") % {"t": story.title})
    else:
        messages.error(request, _("Kies publiceren of niet publiceren."))
    return redirect("governance:story_moderation")


@login_and(lambda u: can_edit_plan(u) or u.is_board)
def story_selection(request):
    quarter = _quarter(request, last_closed_quarter())
    return render(
        request,
        "governance/story_selection.html",
        {
            "quarter": quarter,
            "themes": selectors.shortlist(str(quarter)),
            "team": can_edit_plan(request.user),
            "select_form": SelectForm(),
        },
    )


@plan_editor_required
@require_POST
def story_shortlist(request, pk):
    story = get_object_or_404(Story, pk=pk)
    try:
        services.story_shortlist(story=story, by=request.user, on=request.POST.get("op") != "nee")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"/verhalen/selectie/?kwartaal={story.quarter}")


@login_and(lambda u: can_edit_plan(u) or u.is_board)
@require_POST
def story_select(request, pk):
    story = get_object_or_404(Story, pk=pk)
    form = SelectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf waarom dit verhaal gekozen is."))
    else:
        try:
            services.story_select(story=story, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Gekozen. De verteller krijgt bericht."))
    return redirect(f"/verhalen/selectie/?kwartaal={story.quarter}")


@plan_editor_required
@require_POST
def story_verify(request, pk):
    story = get_object_or_404(Story, pk=pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        services.story_verify(story=story, by=request.user, **form.cleaned_data)
        messages.success(request, _("Vastgelegd hoe het verhaal is nagegaan."))
    else:
        messages.error(request, _("Schrijf door wie en hoe het verhaal is nagegaan."))
    return redirect(story.get_absolute_url())


# --- The collaboration pulse ----------------------------------------------------------------


def pulse(request):
    quarter = current_quarter()
    user = request.user
    themes, answered, form = [], set(), None
    if user.is_authenticated and user.organisation_id:
        themes = services.pulse_themes(user.organisation, str(quarter))
        answered = selectors.pulse_answered(user.organisation, str(quarter))
        form = PulseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            theme = next((t for t in themes if str(t.pk) == request.POST.get("theme")), None)
            if theme is None:
                form.add_error(None, _("Kies een regio-opgave waar uw organisatie aan meedoet."))
            else:
                scores = {k: v for k, v in form.cleaned_data.items() if k != "remark"}
                try:
                    services.pulse_answer(
                        by=user,
                        theme=theme,
                        quarter=str(quarter),
                        scores=scores,
                        remark=form.cleaned_data["remark"],
                    )
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("Dank u voor uw antwoorden."))
                    return redirect("governance:pulse")
    return render(
        request,
        "governance/pulse.html",
        {
            "quarter": quarter,
            "trend": selectors.pulse_trend(last_closed_quarter()),
            "statements": PulseResponse.STATEMENTS,
            "min_respondents": settings.PULSE_MIN_RESPONDENTS,
            "themes": [t for t in themes if t.pk not in answered],
            "form": form,
        },
    )


# --- Decisions and actions ---------------------------------------------------------------


def decision_list(request):
    return render(
        request,
        "governance/decision_list.html",
        {
            "decisions": selectors.decisions_list(),
            "may_record": can_edit_plan(request.user)
            or request.user.is_authenticated
            and request.user.is_board,
        },
    )


def decision_detail(request, pk):
    decision = get_object_or_404(selectors.decisions_list(), pk=pk)
    actions = decision.actions.select_related("owner").prefetch_related("updates")
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "rows": [
                (
                    a,
                    services.decisions.may_report_on(request.user, a)
                    and ActionProgressForm(prefix=str(a.pk)),
                )
                for a in actions
            ],
        },
    )


@login_and(lambda u: can_edit_plan(u) or u.is_board)
def decision_create(request):
    quarter = _quarter(request, last_closed_quarter())
    form = DecisionForm(request.POST or None, initial={"quarter": str(quarter)})
    actions = ActionFormSet(request.POST or None, prefix="acties")
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        data = form.cleaned_data
        question = None
        if data.get("question"):
            question = selectors.board_question(data["question"])
        try:
            decision = services.decision_record(
                by=request.user,
                quarter=data["quarter"],
                decided_on=data["decided_on"],
                title=data["title"],
                text=data["text"],
                goals=data["goals"],
                kpis=data["kpis"],
                question=question,
                actions=[f.cleaned_data for f in actions.forms if f.cleaned_data],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Besluit vastgelegd."))
            return redirect(decision.get_absolute_url())
    return render(
        request,
        "governance/decision_form.html",
        {
            "form": form,
            "actions": actions,
            "quarter": quarter,
            "agenda": selectors.agenda(quarter),
        },
    )


@login_and(lambda u: u.is_authenticated)
@require_POST
def action_progress(request, pk):
    action = get_object_or_404(Action.objects.select_related("decision"), pk=pk)
    if not services.decisions.may_report_on(request.user, action):
        raise PermissionDenied
    form = ActionProgressForm(request.POST, prefix=str(pk))
    if form.is_valid():
        try:
            services.action_progress(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Voortgang vastgelegd."))
    else:
        messages.error(request, _("Kies een stand en schrijf wat er gebeurd is."))
    return redirect(action.decision.get_absolute_url())


# --- What we learned --------------------------------------------------------------------


def lesson_list(request):
    team = can_edit_plan(request.user)
    form = (
        LessonForm(request.POST or None, initial={"quarter": str(last_closed_quarter())})
        if team
        else None
    )
    if request.method == "POST":
        if not team:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.lesson_write(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Vastgelegd."))
                return redirect("governance:lesson_list")
    return render(
        request,
        "governance/lesson_list.html",
        {"lessons": selectors.lessons(), "form": form, "internal": can_read_internal(request.user)},
    )
