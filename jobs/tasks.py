"""What the workers run. The reminders and the digest are the service functions themselves
(jobs/schedules.py names them); here are the jobs that need a word of their own."""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def send_mail() -> None:
    """One pass through the outgoing mail queue (what `manage.py send_mail` does). Each message
    is locked while it is sent, so two workers never send the same one."""
    if getattr(settings, "MAILER_PAUSE_SEND", False):
        return
    from mailer.engine import send_all

    send_all()


def retry_deferred() -> int:
    """Put the mail that failed back in the queue (what `manage.py retry_deferred` does)."""
    from mailer.models import Message

    return Message.objects.retry_deferred()


def export_build(export_pk: int) -> bool:
    from jobs import services

    try:
        return services.export_build(export_pk=export_pk)
    except Exception:
        services.export_failed(export_pk=export_pk)
        raise  # the queue records the failure and tries again (Q_CLUSTER max_attempts)


def exports_prune() -> int:
    from jobs.services import exports_prune

    return exports_prune()
