"""Take over regioplan's change-record table without touching a row.

The model moves from `regioplan` to `audit`. This migration creates it in the migration
state only, on the existing table; 0002 then renames the table and its index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ACTIONS = [
    ("create", "Aangemaakt"),
    ("update", "Gewijzigd"),
    ("archive", "Gearchiveerd"),
    ("load", "Geladen uit plandata"),
    ("submit", "Ingediend"),
    ("approve", "Goedgekeurd"),
    ("return", "Teruggestuurd"),
    ("publish", "Gepubliceerd"),
    ("hide", "Verborgen"),
    ("answer", "Beantwoord"),
    ("request", "Aangevraagd"),
    ("build", "Gemaakt"),
    ("fail", "Mislukt"),
    ("erase", "Persoonsgegevens gewist"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("regioplan", "0004_alter_changerecord_action"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ChangeRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("object_repr", models.CharField(max_length=300)),
                        ("action", models.CharField(choices=ACTIONS, max_length=10)),
                        (
                            "changes",
                            models.JSONField(default=dict, help_text="{field: [old, new]}"),
                        ),
                        ("reason", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="contenttypes.contenttype",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "wijziging",
                        "verbose_name_plural": "wijzigingen",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "regioplan_changerecord",
                        "indexes": [
                            models.Index(
                                fields=["content_type", "object_id"],
                                name="regioplan_c_content_87d5df_idx",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
