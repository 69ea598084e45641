"""django-mailer's app, configured here (a module of its own: landlords.apps keeps a single
AppConfig, the one Django picks for "landlords")."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailerConfig(AppConfig):
    """django-mailer's queue, named in the project's words (its own catalogue has no French):
    the admin shows "Outgoing mail" with translated model names."""

    name = "mailer"
    label = "mailer"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Outgoing mail")

    def ready(self):
        names = {
            "Message": (_("queued email"), _("queued emails")),
            "MessageLog": (_("sent email log"), _("sent email logs")),
            "DontSendEntry": (_("address not to mail"), _("addresses not to mail")),
        }
        for model_name, (singular, plural) in names.items():
            meta = self.get_model(model_name)._meta
            meta.verbose_name, meta.verbose_name_plural = singular, plural
