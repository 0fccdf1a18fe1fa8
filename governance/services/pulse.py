"""The collaboration pulse: once a quarter, per regio-opgave, each committed organisation
answers five statements (1-5) and may add a remark. Shown only in aggregate."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.permissions import is_active_user
from regioplan.models import GoalOrganisation

from ..models import PulseResponse

NAMES = [name for name, _label in PulseResponse.STATEMENTS]


def pulse_themes(organisation, quarter: str):
    """The regio-opgaven the organisation answers for in `quarter`: those of the goals it
    leads or partners in, and those it monitors."""
    links = (
        GoalOrganisation.objects.in_force(quarter)
        .filter(organisation=organisation)
        .exclude(role=GoalOrganisation.Role.POTENTIAL_INITIATOR)
    )
    themes = {
        link.goal.strategic_goal.theme
        for link in links.filter(goal__isnull=False).select_related("goal__strategic_goal__theme")
    }
    themes |= {link.theme for link in links.filter(theme__isnull=False).select_related("theme")}
    return sorted(themes, key=lambda t: t.code)


@transaction.atomic
def pulse_answer(*, by, theme, quarter: str, scores: dict, remark: str = "") -> PulseResponse:
    organisation = getattr(by, "organisation", None)
    if not (is_active_user(by) and organisation is not None):
        raise PermissionDenied(_("Alleen iemand van een organisatie beantwoordt de puls."))
    if theme not in pulse_themes(organisation, quarter):
        raise PermissionDenied(
            _("Uw organisatie heeft in %(q)s geen toezegging bij deze regio-opgave.")
            % {"q": quarter}
        )
    values = {}
    for name in NAMES:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({name: _("Kies een getal van 1 tot en met 5.")})
        values[name] = value
    try:
        with transaction.atomic():
            return PulseResponse.objects.create(
                organisation=organisation,
                theme=theme,
                quarter=quarter,
                remark=remark.strip(),
                created_by=by,
                **values,
            )
    except IntegrityError:
        raise ValidationError(
            _("Uw organisatie heeft de puls voor deze regio-opgave en dit kwartaal al ingevuld.")
        ) from None
