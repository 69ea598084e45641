"""Load the demo data that tells the seeds' story; run it as often as you like."""

import importlib
import os

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load (or update) the demo data. Every app of the project with a demo module "
        "contributes, in INSTALLED_APPS order. Demo users get the password in DEMO_PASSWORD; "
        "without it they cannot sign in."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or None
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.path.startswith(str(settings.BASE_DIR)):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                self.stdout.write(f"{config.label}:")
                module.load(password=password, stdout=self.stdout)
        if not password:
            self.stdout.write(
                self.style.WARNING("DEMO_PASSWORD is not set: demo users cannot sign in.")
            )
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
