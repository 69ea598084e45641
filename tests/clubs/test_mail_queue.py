"""With the mail queue (django-mailer), a mail server that is down fails nothing and loses
nothing: the message waits, is deferred, and is delivered once the server is back."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from mailer.models import Message

from clubs import services


class DownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection refused")


@pytest.mark.django_db
def test_a_mail_server_down_fails_no_registration_and_loses_no_mail(
    settings, alice, meeting, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "tests.clubs.test_mail_queue.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(actor=alice, meeting=meeting)
    assert registration.status == "confirmed"
    assert Message.objects.count() == 1

    call_command("send_mail")
    assert Message.objects.deferred().count() == 1
    assert mail.outbox == []

    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("retry_deferred")
    call_command("send_mail")
    assert Message.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.attachments[0][0].endswith(".ics")


@pytest.mark.django_db
def test_staff_read_the_mail_queue_and_its_log_in_the_admin(
    client, settings, staff_user, alice, meeting, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "tests.clubs.test_mail_queue.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(actor=alice, meeting=meeting)
    client.force_login(staff_user)
    queue = client.get(reverse("admin:mailer_message_changelist")).content.decode()
    assert "alice@example.org" in queue
    call_command("send_mail")
    log = client.get(reverse("admin:mailer_messagelog_changelist")).content.decode()
    assert "alice@example.org" in log
