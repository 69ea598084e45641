"""Forget every cached page fragment, after a change made outside the portal's code (SQL in
psql, a bulk update in `manage.py shell`, a data migration using QuerySet.update())."""

from django.core.management.base import BaseCommand

from config import fragments


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        fragments.content_changed()
        self.stdout.write("Cached page fragments forgotten.")
