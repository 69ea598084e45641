"""`manage.py places_sync`: bring the communes table in line with places/data/communes.json
(after a release whose refresh changed it; migrations load it the first time)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from landlords.models import Region
from places import dataset
from places.models import Commune


class Command(BaseCommand):
    help = "Create, update and delete communes to match the shipped list."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = dataset.sync(Commune, Region)
        self.stdout.write(f"communes: {counts}")
