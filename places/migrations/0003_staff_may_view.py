from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "AR Hlm staff"


def staff_may_view(apps, schema_editor):
    """The "AR Hlm staff" group looks communes up in the admin (the commune fields' search)."""
    config = apps.get_app_config("places")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="places", codename="view_commune")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_load_communes"),
        ("landlords", "0010_organisation_proposal"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(staff_may_view, migrations.RunPython.noop)]
