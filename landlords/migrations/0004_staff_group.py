"""The "AR Hlm staff" group: what staff who are not superusers may do in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "AR Hlm staff"
APPS = ["landlords", "clubs"]
EXCLUDED = {"delete_user", "add_region", "change_region", "delete_region"}


def forwards(apps, schema_editor):
    for label in [*APPS, "auth"]:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=APPS).exclude(codename__in=EXCLUDED)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("landlords", "0003_residence"),
        ("clubs", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
