from django.core.management.base import BaseCommand, CommandError

from plandata.loader import DEFAULT_PATH, PlanDataError, load_plan_file


class Command(BaseCommand):
    help = "Load the Regioplan Drenthe from the committed plan data file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PATH), help="plan data file (YAML)"
        )
        parser.add_argument(
            "--force", action="store_true", help="overwrite objects that were edited in the portal"
        )

    def handle(self, *args, path, force, verbosity=1, **options):
        try:
            report = load_plan_file(path, force=force)
        except PlanDataError as exc:
            raise CommandError(f"Plandata afgewezen, er is niets gewijzigd. {exc}") from exc
        if verbosity == 0:
            return
        for line in report.lines():
            self.stdout.write(line)
        if report.conflicts:
            self.stdout.write(
                self.style.WARNING(f"{len(report.conflicts)} conflict(en) overgeslagen.")
            )
