"""The data migration that turns a registration's single workshop into its choice."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("clubs", "0006_registration_old_workshop")]
AFTER = [("clubs", "0008_registration_choices_data")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_single_workshop_becomes_a_choice_and_visits_go_to_the_afternoon():
    apps = migrate(BEFORE)
    club = apps.get_model("clubs", "Club").objects.create(name="PACA", slug="paca")
    meeting = apps.get_model("clubs", "Meeting").objects.create(
        club=club, number=1, date=datetime.date(2019, 6, 6)
    )
    Workshop = apps.get_model("clubs", "Workshop")
    roadmap = Workshop.objects.create(meeting=meeting, title="Feuille de route", kind="workshop")
    visit = Workshop.objects.create(meeting=meeting, title="Encagnane", kind="visit")
    User = apps.get_model("landlords", "User")
    Registration = apps.get_model("clubs", "Registration")
    for index, workshop in enumerate([roadmap, visit, None]):
        user = User.objects.create(email=f"m{index}@example.org", full_name=f"M {index}")
        Registration.objects.create(
            meeting=meeting, user=user, old_workshop=workshop, status="confirmed"
        )
    try:
        apps = migrate(AFTER)
        Workshop = apps.get_model("clubs", "Workshop")
        assert dict(Workshop.objects.values_list("title", "slot")) == {
            "Feuille de route": "morning",
            "Encagnane": "afternoon",
        }
        choices = apps.get_model("clubs", "RegistrationChoice").objects
        assert sorted(choices.values_list("registration__user__email", "workshop__title")) == [
            ("m0@example.org", "Feuille de route"),
            ("m1@example.org", "Encagnane"),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
