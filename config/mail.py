"""The portal's emails: <template>_subject.txt and <template>_message.txt rendered in French
(whatever the language of the page that triggered them), prefixed, sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(template: str, recipients: list[str], *, attachments=(), **context) -> None:
    """`template` is a path prefix such as "clubs/email/log_approved"; `attachments` holds
    (filename, content, mimetype) tuples."""
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    message = EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, recipients)
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
