from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # Register this app's rules (permissions) whatever view is imported first.
        from django.db.backends.signals import connection_created

        from . import permissions  # noqa: F401

        connection_created.connect(_register_sqlite_functions)


def _register_sqlite_functions(sender, connection, **kwargs):
    """CASEFOLD() for the SQLite search fallback (PostgreSQL searches with its vector)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "CASEFOLD", 1, lambda text: text.casefold() if text else text, deterministic=True
        )
