"""Give the moved change-record table and its index the audit app's names (rows are kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("regioplan", "0005_changerecord_moved_to_audit"),
    ]

    operations = [
        migrations.AlterModelTable(name="changerecord", table=None),
        migrations.RenameIndex(
            model_name="changerecord",
            new_name="audit_change_object_idx",
            old_name="regioplan_c_content_87d5df_idx",
        ),
    ]
