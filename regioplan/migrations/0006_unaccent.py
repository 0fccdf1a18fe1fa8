from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's unaccent (a trusted extension): goal search ignores accents
    ("ideeen" finds "ideeën"). Does nothing on SQLite."""

    dependencies = [("regioplan", "0005_changerecord_moved_to_audit")]

    operations = [UnaccentExtension()]
