from django.db import migrations


def forwards(apps, schema_editor):
    from places.migration import match_free_text

    match_free_text(
        apps.get_model("landlords", "Residence"), lambda row: row.landlord.departement, "residence"
    )


def backwards(apps, schema_editor):
    Residence = apps.get_model("landlords", "Residence")
    for row in Residence.objects.filter(commune__isnull=False).select_related("commune"):
        Residence.objects.filter(pk=row.pk).update(commune_label=row.commune.name)


class Migration(migrations.Migration):
    dependencies = [("landlords", "0013_commune_from_the_official_list")]

    operations = [migrations.RunPython(forwards, backwards)]
