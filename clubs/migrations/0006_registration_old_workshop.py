"""Step aside today's single workshop of a registration: the next migration turns it into a
choice (one per time slot) and drops it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0005_cahier"),
    ]

    operations = [
        migrations.RenameField(
            model_name="registration", old_name="workshop", new_name="old_workshop"
        ),
        migrations.AlterField(
            model_name="registration",
            name="old_workshop",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="clubs.workshop",
            ),
        ),
        migrations.RenameField(
            model_name="historicalregistration", old_name="workshop", new_name="old_workshop"
        ),
    ]
