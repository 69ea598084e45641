from django.db import migrations


class Migration(migrations.Migration):
    """The free-text commune becomes `commune_label`, beside the commune chosen from the
    official list (next migrations); what cannot be matched stays there for staff to fix."""

    dependencies = [("landlords", "0011_user_sought_skills"), ("places", "0002_load_communes")]

    operations = [
        migrations.RemoveConstraint("residence", "residence_unique_per_landlord"),
        migrations.RenameField("residence", "commune", "commune_label"),
    ]
