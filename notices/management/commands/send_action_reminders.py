from django.core.management.base import BaseCommand

from notices.services import send_action_reminders


class Command(BaseCommand):
    help = (
        "Email the owner organisation's members about each open follow-up action due within 7 "
        "days, and once more when it is late. Each reminder goes once: schedule it daily."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_action_reminders()} action reminder(s) sent.")
