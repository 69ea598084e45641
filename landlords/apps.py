from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandlordsConfig(AppConfig):
    name = "landlords"
    verbose_name = _("Landlords and members")

    def ready(self):
        # Register this app's rules (permissions) whatever view is imported first, and forget
        # the cached public pages when a row of the portal's apps changes.
        from config import public_cache

        from . import permissions  # noqa: F401

        public_cache.connect()

        # The "fr" collation on SQLite (PostgreSQL has it from a migration).
        from django.db.backends.signals import connection_created

        from config.collation import register_french_collation

        connection_created.connect(register_french_collation, dispatch_uid="french-collation")
