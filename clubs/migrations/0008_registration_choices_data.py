"""Today's single workshop of a registration becomes its choice, then goes (a migration of
its own: on PostgreSQL, rows written and columns dropped in one transaction can collide)."""

from django.db import migrations

VISIT = "visit"


def choices_from_workshops(apps, schema_editor):
    """Today's single workshop becomes the registration's choice. A meeting that had both
    workshops and visits ran its visits in the afternoon (the 1st Club: the workshop in the
    morning, the Encagnane visit after lunch); other workshops stay in the morning."""
    Registration = apps.get_model("clubs", "Registration")
    RegistrationChoice = apps.get_model("clubs", "RegistrationChoice")
    Workshop = apps.get_model("clubs", "Workshop")
    mixed = Workshop.objects.filter(kind="workshop").values("meeting")
    Workshop.objects.filter(kind=VISIT, meeting__in=mixed).update(slot="afternoon")
    RegistrationChoice.objects.bulk_create(
        RegistrationChoice(registration_id=pk, workshop_id=workshop_id, chosen_at=created_at)
        for pk, workshop_id, created_at in Registration.objects.filter(
            old_workshop__isnull=False
        ).values_list("pk", "old_workshop_id", "created_at")
    )


def workshops_from_choices(apps, schema_editor):
    """Back: the first choice (morning first) becomes the single workshop again."""
    Registration = apps.get_model("clubs", "Registration")
    RegistrationChoice = apps.get_model("clubs", "RegistrationChoice")
    for choice in RegistrationChoice.objects.order_by("-workshop__slot", "pk"):
        Registration.objects.filter(pk=choice.registration_id, old_workshop__isnull=True).update(
            old_workshop_id=choice.workshop_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0007_registration_choices"),
    ]

    operations = [
        migrations.RunPython(choices_from_workshops, workshops_from_choices),
        migrations.RemoveField(
            model_name="historicalregistration",
            name="old_workshop",
        ),
        migrations.RemoveField(
            model_name="registration",
            name="old_workshop",
        ),
    ]
