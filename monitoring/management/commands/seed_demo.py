from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from monitoring.services.demo import seed_demo


class Command(BaseCommand):
    help = (
        "Generate demo KPI figures and progress updates for 2024-2026 (replaces earlier demo data)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply the volume (for load runs)"
        )

    def handle(self, *args, scale, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("Demodata wordt niet aangemaakt met productie-instellingen.")
        if not 1 <= scale <= 100:
            raise CommandError("--scale moet tussen 1 en 100 liggen.")
        counts = seed_demo(scale=scale)
        self.stdout.write(
            f"Demodata (schaal {scale}): {counts['figures']} meetwaarden, {counts['updates']} "
            "rapportages, "
            f"{counts['kpis']} KPI's, {counts['commitments']} toezeggingen. "
            "Alles is gemarkeerd als demo."
        )
