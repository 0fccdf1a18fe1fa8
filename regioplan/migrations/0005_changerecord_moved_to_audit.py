"""ChangeRecord now belongs to the audit app: drop it from regioplan's state, keep the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("regioplan", "0004_alter_changerecord_action"),
        ("audit", "0001_initial"),
        # participatie's foreign key must point at audit.ChangeRecord before this one goes.
        ("participatie", "0003_input_led_to_audit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="ChangeRecord")],
        ),
    ]
