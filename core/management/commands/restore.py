from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import restore


class Command(BaseCommand):
    help = "Restore the database and media files from a backup archive (replaces current data)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, yes, **options):
        path = Path(archive)
        if not path.exists():
            raise CommandError(f"Bestand niet gevonden: {path}")
        if (
            not yes
            and input("Dit vervangt alle huidige gegevens. Doorgaan? [ja/nee] ").strip().lower()
            != "ja"
        ):
            raise CommandError("Afgebroken.")
        try:
            manifest = restore(path)
        except Exception as exc:
            raise CommandError(f"Terugzetten mislukt: {exc}") from exc
        self.stdout.write(
            f"Teruggezet: {path.name} ({manifest['engine']}, gemaakt {manifest['created']})."
        )
