from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # Register this app's rules (permissions) whatever view is imported first.
        from django.db.backends.signals import connection_created

        from config.search import register_fold

        from . import permissions  # noqa: F401

        connection_created.connect(register_fold, dispatch_uid="search-fold")
