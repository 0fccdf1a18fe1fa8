"""The portal's roles. Each role is a Django group; these are their names."""

from django.utils.translation import gettext_lazy as _

PROGRAMME_TEAM = "Programmateam"
PARTNER = "Partner"
BOARD = "Programmaraad"
ADMIN = "Beheerder"
COORDINATOR = "Participatiecoördinator"

ROLES = {
    PROGRAMME_TEAM: _("Programmateam: beheert het plan"),
    PARTNER: _("Partner: hoort bij één organisatie en rapporteert over haar doelen"),
    BOARD: _("Programmaraad: leest en downloadt rapportages"),
    ADMIN: _("Beheerder: beheert accounts en instellingen"),
    COORDINATOR: _(
        "Participatiecoördinator (Zorgbelang): modereert en beantwoordt inbreng van inwoners"
    ),
}
