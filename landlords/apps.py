from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandlordsConfig(AppConfig):
    name = "landlords"
    verbose_name = _("Landlords and members")

    def ready(self):
        # Register this app's rules (permissions) whatever view is imported first.
        # Cached page fragments are forgotten when any row of the project's apps changes.
        from config import fragments

        from . import permissions  # noqa: F401
        from .backends import register_accounts_scope

        register_accounts_scope()  # before any change, so every process forgets cached users
        fragments.connect()
