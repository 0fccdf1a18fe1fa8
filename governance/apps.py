from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Tellen én vertellen: stories of change, the collaboration pulse, the board's decisions
    and actions, and what we learned (seed 003 ch. 4)."""

    name = "governance"
    verbose_name = _("Sturing en leren")

    def ready(self):
        from audit import registry
        from monitoring.reporting.data import register_section
        from monitoring.services.demo import register_demo

        from . import models
        from .reporting import report_sections
        from .services.demo import seed_governance_demo
        from .slots import fill_slots

        registry.register(models.Story, models.Decision, models.Action, models.Lesson)
        register_section("governance", report_sections)
        fill_slots()
        register_demo("governance", seed_governance_demo)
