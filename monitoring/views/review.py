"""The programme team's review: submitted updates, and figures that wait ('te beoordelen')."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import (
    reviewer_required,
)

from .. import services
from ..selectors import figures as figure_selectors
from ..selectors import updates as update_selectors


@reviewer_required
def review_queue(request):
    queue = update_selectors.review_queue()
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
        return redirect("monitoring:review_queue")
    return render(request, "monitoring/review.html", {"queue": queue})


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
    return render(request, "monitoring/figure_review.html", figure_selectors.figures_waiting())
