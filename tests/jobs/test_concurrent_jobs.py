"""Two workers running the same job at the same moment send each reminder and digest once
(PostgreSQL: real concurrent transactions, each thread with its own connection). Each job goes
through django-q2's own execution path (`async_task`, run at once in tests)."""

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_q.models import Success
from django_q.tasks import async_task

from clubs.models import Action, Registration, SessionLog, Workshop
from jobs.models import Export
from notices.models import Follow
from tests.clubs.test_concurrency import run_at_once
from tests.factories import InitiativeFactory, ThemeFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="SQLite serialises writers; the concurrent case is PostgreSQL's (CI runs it)",
    ),
]


def twice_at_once(func: str, **kwargs) -> list:
    """The job `func` run by two workers at the same moment; what each returned."""
    run_at_once([lambda: async_task(func, **kwargs) for _ in range(2)])
    return sorted(task.result for task in Success.objects.filter(func=func))


def mails_per_recipient() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def test_two_workers_send_each_meeting_reminder_once(meeting, icf):
    meeting.date = timezone.localdate() + datetime.timedelta(days=2)
    meeting.save()
    people = [UserFactory(organisation=icf) for _ in range(6)]
    for person in people:
        Registration.objects.create(meeting=meeting, user=person, status="confirmed")
    results = twice_at_once("clubs.services.meeting_reminders_send", days=3)
    assert sum(results) == 6
    assert mails_per_recipient() == Counter({person.email: 1 for person in people})


def test_two_workers_send_each_action_reminder_once(meeting, icf, alice, edith):
    workshop = Workshop.objects.create(meeting=meeting, title="Jardins")
    log = SessionLog.objects.create(workshop=workshop, author=alice, summary="…")
    for number in range(4):
        Action.objects.create(
            session_log=log,
            meeting=meeting,
            title=f"Action {number}",
            owner=icf,
            due_date=timezone.localdate() + datetime.timedelta(days=3),
        )
    results = twice_at_once("notices.services.send_action_reminders")
    assert sum(results) == 4
    assert mails_per_recipient() == Counter({alice.email: 4, edith.email: 4})


def test_two_workers_send_each_digest_once(icf):
    gardens = ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    readers = [UserFactory(organisation=icf) for _ in range(5)]
    for reader in readers:
        Follow.objects.create(user=reader, kind=Follow.Kind.THEME, theme=gardens)
    InitiativeFactory(title="Potager du Saint-Georges", themes=[gardens])
    results = twice_at_once("notices.services.send_digest")
    assert sum(results) == 5
    assert mails_per_recipient() == Counter({reader.email: 1 for reader in readers})


def test_two_workers_build_an_export_once(alice):
    InitiativeFactory(title="Potager du Saint-Georges")
    export = Export.objects.create(requested_by=alice, kind="catalogue", format="csv")
    run_at_once([lambda: async_task("jobs.tasks.export_build", export.pk) for _ in range(2)])
    results = sorted(t.result for t in Success.objects.filter(func="jobs.tasks.export_build"))
    assert results == [False, True]
    export.refresh_from_db()
    assert export.status == "ready"
    assert len(list(export.file.storage.listdir("exports")[1])) == 1
