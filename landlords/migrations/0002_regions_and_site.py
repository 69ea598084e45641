from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations

REGIONS = [
    ("paca", "Provence-Alpes-Côte d'Azur"),
    ("corse", "Corse"),
    ("occitanie", "Occitanie"),
]


def forwards(apps, schema_editor):
    Region = apps.get_model("landlords", "Region")
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Club Innovation sociale"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("landlords", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
