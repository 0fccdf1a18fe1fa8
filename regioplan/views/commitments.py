"""Taking goals on in the portal: invitations, offers, answers and endings (toezeggingen).

The goal page shows everyone the trekker and partners; this module adds, per signed-in
reader, what they can do there (the panel is never cached), and the page "Toezeggingen"
with what waits for the reader's answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_edit_plan, plan_editor_required
from core.forms import apply_service_errors
from core.periods import current_quarter, first_open_quarter

from .. import commitments, selectors
from ..forms import (
    CommitmentAnswerForm,
    CommitmentEndForm,
    CommitmentInviteForm,
    CommitmentOfferForm,
    MonitoringPartnerForm,
)
from ..models import GoalOrganisation, OperationalGoal

Status = GoalOrganisation.Status


def commitment_panel(request, code: str) -> str:
    """What the signed-in reader can do about a goal's commitments; '' for anyone else."""
    user = request.user
    team = can_edit_plan(user)
    if not (team or (user.is_authenticated and user.organisation_id)):
        return ""
    goal = OperationalGoal.objects.filter(plan=selectors.plan_get(), code=code).first()
    if goal is None:
        return ""
    links = list(
        GoalOrganisation.objects.visible_to(user)
        .filter(goal=goal)
        .exclude(role=GoalOrganisation.Role.POTENTIAL_INITIATOR)
        .select_related("organisation", "decided_by")
        .order_by("-created_at", "-pk")
    )
    named = not team and commitments.may_offer(user, goal)
    context = {
        "goal": goal,
        "team": team,
        "rows": [
            (
                link,
                commitments.may_answer(user, link),
                commitments.may_end(user, link) and not link.end_quarter,
                (link.status == Status.INVITED and team)
                or (
                    link.status == Status.OFFERED and commitments.is_member(user, link.organisation)
                ),
            )
            for link in links
        ],
        "invite_form": CommitmentInviteForm(initial={"goals": [goal.pk]}) if team else None,
        "offer_form": CommitmentOfferForm() if named else None,
        "first_open": first_open_quarter(),
    }
    return mark_safe(render_to_string("regioplan/_commitment_panel.html", context, request))


def _back(request, fallback):
    target = request.POST.get("terug", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


@plan_editor_required
@require_POST
def commitment_invite(request):
    form = CommitmentInviteForm(request.POST)
    if form.is_valid():
        try:
            made, skipped = commitments.commitment_invite(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if made:
                messages.success(
                    request,
                    _("%(org)s is uitgenodigd voor %(n)s doel(en).")
                    % {"org": form.cleaned_data["organisation"].name, "n": len(made)},
                )
            for goal, why in skipped:
                messages.warning(
                    request, _("%(code)s overgeslagen: %(why)s.") % {"code": goal.code, "why": why}
                )
            return _back(request, "regioplan:commitment_overview")
    return _overview(request, invite_form=form, status=400)


@login_required
@require_POST
def commitment_offer(request, code):
    goal = get_object_or_404(OperationalGoal, plan=selectors.plan_get(), code=code)
    if not commitments.may_offer(request.user, goal):
        raise PermissionDenied
    form = CommitmentOfferForm(request.POST)
    if form.is_valid():
        try:
            commitments.commitment_offer(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Uw aanbod is verstuurd. Het programmateam bevestigt het."))
    else:
        messages.error(request, _("Kies een rol."))
    return redirect(goal.get_absolute_url() + "#toezeggen")


def _visible_link(request, pk) -> GoalOrganisation:
    link = GoalOrganisation.objects.visible_to(request.user).filter(pk=pk).first()
    if link is None:
        raise Http404
    return link


def _where(link: GoalOrganisation) -> str:
    return link.goal.get_absolute_url() + "#toezeggen" if link.goal_id else "/toezeggingen/"


@login_required
@require_POST
def commitment_answer(request, pk):
    link = _visible_link(request, pk)
    if not commitments.may_answer(request.user, link):
        raise PermissionDenied
    form = CommitmentAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies toezeggen of afwijzen."))
        return _back(request, _where(link))
    accept = form.cleaned_data["answer"] == "ja"
    try:
        commitments.commitment_answer(
            link=link, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Toegezegd.") if accept else _("Afgewezen."))
    return _back(request, _where(link))


@login_required
@require_POST
def commitment_withdraw(request, pk):
    link = _visible_link(request, pk)
    commitments.commitment_withdraw(link=link, by=request.user)
    messages.success(request, _("Ingetrokken."))
    return _back(request, _where(link))


@login_required
@require_POST
def commitment_end(request, pk):
    link = _visible_link(request, pk)
    if not commitments.may_end(request.user, link):
        raise PermissionDenied
    form = CommitmentEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf waarom de toezegging stopt."))
        return _back(request, _where(link))
    try:
        commitments.commitment_end(link=link, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("De toezegging stopt na %(q)s.") % {"q": link.end_quarter or ""}
        )
    return _back(request, _where(link))


@plan_editor_required
@require_POST
def monitoring_partner_set(request):
    form = MonitoringPartnerForm(request.POST)
    if form.is_valid():
        commitments.monitoring_partner_set(by=request.user, **form.cleaned_data)
        messages.success(request, _("Monitoringpartner vastgelegd."))
        return redirect("regioplan:commitment_overview")
    return _overview(request, partner_form=form, status=400)


@login_required
def commitment_overview(request):
    """What waits for the reader: invitations to answer (an organisation's people), offers to
    confirm and goals without a trekker (the programme team), and the commitments in force."""
    return _overview(request)


def _overview(request, *, invite_form=None, partner_form=None, status=200):
    user, team = request.user, can_edit_plan(request.user)
    if not (team or user.organisation_id):
        raise PermissionDenied
    quarter = str(current_quarter())
    book = selectors.commitments_of(user, quarter, everyone=team)
    context = {
        "team": team,
        "quarter": quarter,
        "first_open": first_open_quarter(),
        "to_answer": [link for link in book["pending"] if commitments.may_answer(user, link)],
        "waiting": [link for link in book["pending"] if not commitments.may_answer(user, link)],
        "in_force": book["in_force"],
        "without_lead": selectors.goals_without_lead(quarter) if team else [],
        "invite_form": invite_form or (CommitmentInviteForm() if team else None),
        "partner_form": partner_form or (MonitoringPartnerForm() if team else None),
        "answer_form": CommitmentAnswerForm(),
    }
    return render(request, "regioplan/commitment_overview.html", context, status=status)
