from django.core.management.base import BaseCommand

from notices.services import send_digest


class Command(BaseCommand):
    help = (
        "Email this month's digest (new public initiatives, calls opened since the last digest) "
        "to each member who follows something and wants it. Once a month per member however "
        "often it runs: schedule it on the 1st."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digest()} digest(s) sent.")
