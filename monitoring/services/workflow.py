"""The progress-update workflow as one table: every step, who takes it, from which status.

The update page shows the buttons `allowed_actions` returns, the page's POST and the API's
PATCH find the step here (by its Dutch word or by the status it leads to), and the services
check the same table when they take the step. Nothing else decides what is possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_review

from ..models import ProgressUpdate
from ..permissions import can_report_on

S = ProgressUpdate.Status
REPORTER, REVIEWER = "reporter", "reviewer"


@dataclass(frozen=True)
class Step:
    key: str  # the service's name for it
    word: str  # the Dutch word in the page's URL
    label: object  # the button
    who: str  # REPORTER (the partner of the update's organisation) or REVIEWER
    from_statuses: frozenset[str]
    to_status: str | None  # None: the step makes a new revision (correction)
    needs_reason: bool = False


STEPS = (
    Step(
        "submit", "indienen", _("Indienen"), REPORTER, frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED
    ),
    Step("approve", "goedkeuren", _("Goedkeuren"), REVIEWER, frozenset({S.SUBMITTED}), S.APPROVED),
    Step(
        "return",
        "terugsturen",
        _("Terugsturen"),
        REVIEWER,
        frozenset({S.SUBMITTED}),
        S.RETURNED,
        needs_reason=True,
    ),
    Step(
        "revise",
        "corrigeren",
        _("Correctie maken (nieuwe versie)"),
        REPORTER,
        frozenset({S.APPROVED}),
        None,
    ),
)
BY_KEY = {s.key: s for s in STEPS}
BY_WORD = {s.word: s for s in STEPS}
BY_TARGET = {s.to_status: s for s in STEPS if s.to_status}


def may_take(step: Step, update: ProgressUpdate, user) -> bool:
    """Whether `user` may take `step` on `update` now."""
    if update.status not in step.from_statuses:
        return False
    if step.who == REVIEWER:
        return can_review(user)
    return can_report_on(user, update.goal, update.organisation)


def allowed_actions(update: ProgressUpdate, user) -> list[Step]:
    """The steps `user` may take on `update` now: the buttons on its page."""
    return [step for step in STEPS if may_take(step, update, user)]
