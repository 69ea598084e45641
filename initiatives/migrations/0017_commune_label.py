from django.db import migrations


class Migration(migrations.Migration):
    """The free-text commune becomes `commune_label`, beside the commune chosen from the
    official list (next migrations); what cannot be matched stays there for staff to fix."""

    dependencies = [("initiatives", "0016_search_forgives"), ("places", "0002_load_communes")]

    operations = [
        migrations.RenameField("initiative", "commune", "commune_label"),
        migrations.RenameField("historicalinitiative", "commune", "commune_label"),
    ]
