from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Announcements and reminders")

    def ready(self):
        # Register this app's rules whatever view is imported first.
        from landlords.services import ACCOUNT_ERASERS

        from . import permissions  # noqa: F401
        from .services import erase_follows

        if erase_follows not in ACCOUNT_ERASERS:
            ACCOUNT_ERASERS.append(erase_follows)
