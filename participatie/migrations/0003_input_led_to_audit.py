"""Input.led_to points at the change record, which moved to the audit app (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participatie", "0002_alter_participationmoment_moment_has_subject"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="input",
                    name="led_to",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="audit.changerecord",
                        verbose_name="leidde tot deze wijziging van het plan",
                    ),
                ),
            ],
        ),
    ]
