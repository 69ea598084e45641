"""Capacities hold when many people register at once (PostgreSQL: real concurrent transactions)."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from clubs import services
from clubs.models import Registration, Workshop
from tests.factories import MeetingFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="SQLite serialises writers; the concurrent case is PostgreSQL's (CI runs it)",
    ),
]


def run_at_once(functions):
    """Start every function in its own thread (own database connection) at the same moment."""
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def test_concurrent_registrations_never_exceed_the_meeting_capacity():
    meeting = MeetingFactory(capacity=3)
    people = [UserFactory() for _ in range(12)]
    run_at_once(
        [
            lambda user=user: services.registration_create(actor=user, meeting=meeting)
            for user in people
        ]
    )
    registrations = Registration.objects.filter(meeting=meeting)
    assert registrations.filter(status="confirmed").count() == 3
    assert registrations.filter(status="waitlisted").count() == 9


def test_concurrent_registrations_never_exceed_a_workshop_capacity():
    meeting = MeetingFactory(capacity=40)
    workshop = Workshop.objects.create(meeting=meeting, title="Intergénérationnel", capacity=2)
    people = [UserFactory() for _ in range(8)]
    run_at_once(
        [
            lambda user=user: services.registration_create(
                actor=user, meeting=meeting, workshop=workshop
            )
            for user in people
        ]
    )
    registrations = Registration.objects.filter(meeting=meeting)
    assert registrations.filter(status="confirmed").count() == 2
    assert registrations.filter(status="waitlisted").count() == 6


def test_concurrent_cancellations_promote_each_waitlisted_person_once():
    meeting = MeetingFactory(capacity=4)
    people = [UserFactory() for _ in range(8)]
    registrations = [services.registration_create(actor=user, meeting=meeting) for user in people]
    confirmed = registrations[:4]
    run_at_once(
        [
            lambda registration=registration: services.registration_cancel(
                actor=registration.user, registration=registration
            )
            for registration in confirmed
        ]
    )
    statuses = list(
        Registration.objects.filter(meeting=meeting).order_by("pk").values_list("status", flat=True)
    )
    assert statuses == ["cancelled"] * 4 + ["confirmed"] * 4


def test_concurrent_changes_of_choice_never_exceed_a_visit_capacity():
    """Six confirmed members all move their afternoon into a visit with two places at once:
    two get it, the four others keep their place and their former visit."""
    meeting = MeetingFactory(capacity=40)
    morning = Workshop.objects.create(meeting=meeting, title="Feuille de route", slot="morning")
    before = Workshop.objects.create(
        meeting=meeting, title="Jardins", kind="visit", slot="afternoon"
    )
    wanted = Workshop.objects.create(
        meeting=meeting, title="Encagnane", kind="visit", slot="afternoon", capacity=2
    )
    registrations = [
        services.registration_create(actor=user, meeting=meeting, workshops=[morning, before])
        for user in (UserFactory() for _ in range(6))
    ]
    refused = []

    def move(registration):
        try:
            services.registration_update(
                actor=registration.user, registration=registration, workshops=[morning, wanted]
            )
        except ValidationError:
            refused.append(registration.pk)

    run_at_once(
        [lambda registration=registration: move(registration) for registration in registrations]
    )
    assert len(refused) == 4
    assert wanted.registrations.filter(status="confirmed").count() == 2
    assert before.registrations.filter(status="confirmed").count() == 4
    assert Registration.objects.filter(meeting=meeting, status="confirmed").count() == 6
