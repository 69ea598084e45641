"""Load the demo data that tells the seeds' story; run it as often as you like."""

import importlib
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load (or update) the demo data: each project app's demo module, in INSTALLED_APPS "
        "order. Demo users get the password in DEMO_PASSWORD; without it they cannot sign in. "
        "Refuses to run when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even though DEBUG is off (production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo accounts include a superuser; "
                "use --force if you really want them here."
            )
        password = os.environ.get("DEMO_PASSWORD") or None
        with transaction.atomic():
            for app in settings.PROJECT_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app}.demo":
                        raise
                    continue
                self.stdout.write(f"{app}:")
                module.load(password=password, stdout=self.stdout)
        if not password:
            self.stdout.write(
                self.style.WARNING("DEMO_PASSWORD is not set: demo users cannot sign in.")
            )
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
