from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlandataConfig(AppConfig):
    name = "plandata"
    verbose_name = _("Plandata")
