"""Two workers running the bilan reminders at once send each reminder once (PostgreSQL)."""

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.core import mail
from django_q.models import Success
from django_q.tasks import async_task

from tests.clubs.test_concurrency import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="SQLite serialises writers; the concurrent case is PostgreSQL's (CI runs it)",
    ),
]


def test_two_workers_send_each_bilan_reminder_once(laureate, paul, alice, victor):
    due = laureate.intermediate_bilan_due_on
    today = due - datetime.timedelta(days=7)
    func = "initiatives.bilans.bilan_reminders_send"
    run_at_once([lambda: async_task(func, today=today) for _ in range(2)])
    assert sorted(task.result for task in Success.objects.filter(func=func)) == [0, 1]
    recipients = Counter(address for message in mail.outbox for address in message.to)
    assert recipients == Counter({paul.email: 1, alice.email: 1, victor.email: 1})
