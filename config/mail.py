"""The portal's emails: <template>_subject.txt and <template>_message.txt rendered in French
(whatever the language of the page that triggered them), prefixed, sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    template: str, recipients: list[str], *, attachments=(), unsubscribe_url="", **context
) -> None:
    """`template` is a path prefix such as "clubs/email/log_approved"; `attachments` holds
    (filename, content, mimetype) tuples. An `unsubscribe_url` (absolute, one recipient's own)
    adds the one-click unsubscribe headers of RFC 8058 and is in the templates' context."""
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, "unsubscribe_url": unsubscribe_url, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, recipients, headers=headers
    )
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
