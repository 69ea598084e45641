"""French formats: Django's, with thousands grouped by a narrow no-break space ("11 000")
as the Imprimerie nationale prints them (Django's own is a full no-break space)."""

from django.conf.locale.fr.formats import *  # noqa: F403 — the rest stays Django's

THOUSAND_SEPARATOR = "\u202f"
