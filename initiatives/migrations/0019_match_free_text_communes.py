from django.db import migrations


def forwards(apps, schema_editor):
    from places.migration import match_free_text

    match_free_text(
        apps.get_model("initiatives", "Initiative"),
        lambda row: row.departement,
        "initiative",
        fill_departement=True,
    )


def backwards(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    for row in Initiative.objects.filter(commune__isnull=False).select_related("commune"):
        Initiative.objects.filter(pk=row.pk).update(commune_label=row.commune.name)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0018_commune_from_the_official_list")]

    operations = [migrations.RunPython(forwards, backwards)]
