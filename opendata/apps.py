from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """What the portal publishes for reuse: open data, the deletion feed and the sitemap."""

    name = "opendata"
    verbose_name = _("Open data")
