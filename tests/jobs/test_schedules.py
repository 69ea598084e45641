"""The cron lines became django-q2 schedules: written by `jobs_schedule` (again: unchanged),
at the portal's local hours, and run by django-q2's scheduler through its own worker path."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule, Success
from django_q.scheduler import scheduler
from django_q.tasks import async_task
from mailer.models import PRIORITY_DEFERRED, Message, MessageLog

from clubs.models import Registration
from jobs.schedules import SCHEDULES
from tests.factories import MeetingFactory


def local(value: datetime.datetime) -> tuple:
    value = timezone.localtime(value)
    return value.day, value.hour, value.minute


@pytest.mark.django_db
def test_the_command_writes_each_schedule_once_at_its_local_hour():
    call_command("jobs_schedule")
    first = {s.name: (s.func, s.schedule_type, s.next_run) for s in Schedule.objects.all()}
    call_command("jobs_schedule")  # after every migrate, on every node: nothing changes
    again = {s.name: (s.func, s.schedule_type, s.next_run) for s in Schedule.objects.all()}
    assert first == again
    assert set(first) == set(SCHEDULES)
    assert first["send-mail"][:2] == ("jobs.tasks.send_mail", Schedule.MINUTES)
    assert Schedule.objects.get(name="retry-deferred-mail").minutes == 20
    reminders = Schedule.objects.get(name="meeting-reminders")
    assert reminders.func == "clubs.services.meeting_reminders_send"
    assert reminders.kwargs == "{'days': 3}"
    assert local(reminders.next_run)[1:] == (7, 0)
    assert reminders.next_run > timezone.now()
    assert local(Schedule.objects.get(name="action-reminders").next_run)[1:] == (7, 30)
    assert local(Schedule.objects.get(name="bilan-reminders").next_run)[1:] == (7, 45)
    digest = Schedule.objects.get(name="monthly-digest")
    assert (digest.schedule_type, local(digest.next_run)) == (Schedule.MONTHLY, (1, 8, 0))


@pytest.mark.django_db
def test_a_schedule_moved_by_hand_is_put_back_by_the_command():
    call_command("jobs_schedule")
    Schedule.objects.filter(name="action-reminders").update(
        func="notices.services.send_digest", next_run=timezone.now() + datetime.timedelta(hours=1)
    )
    call_command("jobs_schedule")
    schedule = Schedule.objects.get(name="action-reminders")
    assert schedule.func == "notices.services.send_action_reminders"
    assert local(schedule.next_run)[1:] == (7, 30)
    assert Schedule.objects.count() == len(SCHEDULES)


@pytest.mark.django_db
def test_a_due_schedule_runs_its_job_and_moves_to_the_next_day(
    alice, meeting, django_capture_on_commit_callbacks
):
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    meeting.date = timezone.localdate() + datetime.timedelta(days=2)
    meeting.save()
    call_command("jobs_schedule")
    due = timezone.now() - datetime.timedelta(minutes=1)
    Schedule.objects.exclude(name="meeting-reminders").delete()
    Schedule.objects.filter(name="meeting-reminders").update(next_run=due)
    with django_capture_on_commit_callbacks(execute=True):
        scheduler()
    (message,) = mail.outbox
    assert message.to == [alice.email]
    task = Success.objects.get(func="clubs.services.meeting_reminders_send")
    assert task.result == 1
    schedule = Schedule.objects.get(name="meeting-reminders")
    assert schedule.next_run > timezone.now()
    assert schedule.task == task.id
    with django_capture_on_commit_callbacks(execute=True):
        scheduler()  # not due again today
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_mail_jobs_send_the_queue_and_retry_what_failed(settings, alice):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILER_USE_FILE_LOCK = False
    mail.send_mail("Rappel", "Le 7e Club a lieu demain.", None, [alice.email])
    Message.objects.update(priority=PRIORITY_DEFERRED)  # a first attempt failed
    async_task("jobs.tasks.send_mail")
    assert mail.outbox == []  # deferred mail waits for its retry
    async_task("jobs.tasks.retry_deferred")
    async_task("jobs.tasks.send_mail")
    assert [m.subject for m in mail.outbox] == ["Rappel"]
    assert Message.objects.count() == 0
    assert MessageLog.objects.get().result == "1"  # sent
    assert Success.objects.filter(func="jobs.tasks.send_mail").exists()


@pytest.mark.django_db
def test_the_commands_still_run_by_hand(alice, capsys):
    MeetingFactory()  # nothing due: each says so
    for command in ("send_meeting_reminders", "send_action_reminders", "send_digest"):
        call_command(command)
    assert "0 reminder(s) sent." in capsys.readouterr().out
