import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Resident input and participation moments get a time of change (API `gewijzigd_op`)."""

    dependencies = [("participatie", "0004_text_limits")]

    operations = [
        migrations.AddField(
            model_name="input",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                db_index=True,
                default=django.utils.timezone.now,
                verbose_name="gewijzigd op",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="participationmoment",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                db_index=True,
                default=django.utils.timezone.now,
                verbose_name="gewijzigd op",
            ),
            preserve_default=False,
        ),
    ]
