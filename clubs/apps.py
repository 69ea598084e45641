from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = _("Clubs and meetings")

    def ready(self):
        # Register this app's rules (permissions) whatever view is imported first.
        from . import permissions  # noqa: F401
