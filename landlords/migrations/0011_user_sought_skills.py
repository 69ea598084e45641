from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("landlords", "0010_organisation_proposal"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="sought_skills",
            field=models.ManyToManyField(
                blank=True,
                help_text="Members of other organisations who offer them are suggested to you.",
                related_name="seekers",
                to="landlords.skill",
                verbose_name="skills I am looking for",
            ),
        ),
    ]
