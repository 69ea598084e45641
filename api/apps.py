from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only JSON API of what is public (`/api/v1/`, django-ninja)."""

    name = "api"
    verbose_name = _("API")
