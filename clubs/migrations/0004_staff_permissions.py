"""The "AR Hlm staff" group also manages the programme, registrations, logs and actions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "AR Hlm staff"


def forwards(apps, schema_editor):
    for label in ["clubs", "landlords"]:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="clubs",
        ),
        *Permission.objects.filter(
            content_type__app_label="landlords", content_type__model__in=["theme", "skill"]
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0003_programme_registrations_logs"),
        ("landlords", "0006_themes_skills_editors_gdpr"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
