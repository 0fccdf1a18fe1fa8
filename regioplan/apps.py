from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegioplanConfig(AppConfig):
    name = "regioplan"
    verbose_name = _("Regioplan")

    def ready(self):
        from audit import registry

        from . import models

        registry.register(
            models.OperationalGoal,
            models.StrategicGoal,
            models.Theme,
            models.PriorityTheme,
            models.Organisation,
            models.Initiative,
            models.TransformationProgramme,
            models.GoalOrganisation,
        )
