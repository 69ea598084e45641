"""The "AR Hlm staff" group sees the jobs in the admin (queued, successful, failed, scheduled);
changing a schedule, resubmitting or deleting a job stays with superusers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "AR Hlm staff"
VIEW = ["view_ormq", "view_success", "view_failure", "view_schedule"]


def staff_may_view(apps, schema_editor):
    config = apps.get_app_config("django_q")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="django_q", codename__in=VIEW)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(staff_may_view, migrations.RunPython.noop)]
