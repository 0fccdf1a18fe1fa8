from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.backup import backup


class Command(BaseCommand):
    help = "Back up the database and media files into one archive (var/backups by default)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.BASE_DIR) / "var" / "backups"))

    def handle(self, *args, dir, **options):
        self.stdout.write(str(backup(Path(dir))))
