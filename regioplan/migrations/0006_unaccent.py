from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class UnaccentOnPostgres(UnaccentExtension):
    """Django checks the vendor going forwards but not backwards: guard both, so migrating
    back on SQLite works too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    """PostgreSQL's unaccent (a trusted extension): goal search ignores accents
    ("ideeen" finds "ideeën"). Does nothing on SQLite."""

    dependencies = [("regioplan", "0005_changerecord_moved_to_audit")]

    operations = [UnaccentOnPostgres()]
