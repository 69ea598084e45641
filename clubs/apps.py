from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = _("Clubs and meetings")

    def ready(self):
        # Register this app's rules (permissions) whatever view is imported first.
        from landlords.services import ACCOUNT_ERASERS

        from . import permissions  # noqa: F401
        from .services import erase_member

        if erase_member not in ACCOUNT_ERASERS:
            ACCOUNT_ERASERS.append(erase_member)
