from django.db import migrations


def forwards(apps, schema_editor):
    from places import dataset

    dataset.sync(apps.get_model("places", "Commune"), apps.get_model("landlords", "Region"))


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
