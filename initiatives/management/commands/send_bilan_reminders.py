from django.core.management.base import BaseCommand

from initiatives.bilans import bilan_reminders_send


class Command(BaseCommand):
    help = (
        "Email the members of each laureate (applicant and co-applicants) a reminder of the "
        "bilans they owe: 30 and 7 days before each due date, and once when it is overdue. "
        "Each reminder goes once, however often the command runs: schedule it daily."
    )

    def handle(self, *args, **options):
        sent = bilan_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
