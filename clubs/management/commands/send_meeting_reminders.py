from django.core.management.base import BaseCommand

from clubs.services import meeting_reminders_send


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone confirmed for a published meeting that takes place within "
        "the next N days (default 3). Each person gets one reminder per meeting, however often "
        "the command runs: schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="How many days ahead to look.")

    def handle(self, *args, days, **options):
        sent = meeting_reminders_send(days=days)
        self.stdout.write(f"{sent} reminder(s) sent.")
