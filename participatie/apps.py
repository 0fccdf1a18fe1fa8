from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    """Residents' input, initiatives and participation (see issue: Participatie). No models yet."""

    name = "participatie"
    verbose_name = _("Participatie")
