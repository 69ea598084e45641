"""Time the Cahier: cold (nothing cached), warm (its data gathered, its digest found in the cache
and the file read) and bare WeasyPrint on the same HTML, for the demo 7th Club and for a
generated 80-participant meeting."""

import datetime
import logging
import statistics
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from clubs.models import Meeting, Registration, SessionLog, Workshop
from landlords.models import Organisation, User
from reports import services

ROUNDS = 5


def _timed(function, rounds=ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        meeting = Meeting.objects.filter(club__slug="paca-corse", number=7).first()
        if meeting is None:
            raise CommandError("Load the demo data first (manage.py load_demo).")
        import weasyprint  # noqa: F401 — imported once, outside the timings

        for name in ("weasyprint", "weasyprint.progress"):
            logging.getLogger(name).setLevel(logging.WARNING)

        with tempfile.TemporaryDirectory() as folder, override_settings(PDF_CACHE_ROOT=folder):
            self._bench("7e Club (démo)", meeting)
            with transaction.atomic():
                self._bench("80 participants", _big_meeting(meeting.club))
                transaction.set_rollback(True)

    def _bench(self, label, meeting):
        data = services.cahier_data(meeting, audience="members")
        html = services.render_html("reports/cahier.html", data)
        services.html_to_pdf(html)  # warm WeasyPrint's own caches (fonts) for both timings

        def cold():
            for path in services._cache_dir().glob("*.pdf"):
                path.unlink()
            services.cahier_pdf(meeting=meeting, audience="members")

        cold_time = _timed(cold)
        bare_time = _timed(lambda: services.html_to_pdf(html))
        services.cahier_pdf(meeting=meeting, audience="members")
        warm_time = _timed(lambda: services.cahier_pdf(meeting=meeting, audience="members"), 20)
        ratio = cold_time / bare_time
        self.stdout.write(
            f"{label:<18} cold {cold_time * 1000:7.0f} ms   bare {bare_time * 1000:7.0f} ms   "
            f"ratio {ratio:4.2f} (goal ≤ 1.25)   warm {warm_time * 1000:6.1f} ms (goal < 30)"
        )


def _big_meeting(club) -> Meeting:
    """80 confirmed participants from 20 organisations, two workshops with approved logs."""
    meeting = Meeting.objects.create(
        club=club,
        number=900,
        title="Rencontre de charge",
        date=datetime.date(2024, 5, 16),
        venue="Salle des fêtes",
        city="Marseille",
        status=Meeting.Status.HELD,
        capacity=100,
    )
    organisations = [
        Organisation.objects.create(
            name=f"Bailleur de charge {n:02d}", slug=f"bailleur-charge-{n:02d}", kind="landlord"
        )
        for n in range(20)
    ]
    author = User.objects.filter(is_approved=True).first()
    workshops = []
    for n in range(2):
        workshop = Workshop.objects.create(meeting=meeting, title=f"Atelier {n + 1}", order=n)
        SessionLog.objects.create(
            workshop=workshop,
            author=author,
            summary="Une restitution de plusieurs paragraphes.\n\n" * 6,
            key_findings="Un enseignement.\n" * 5,
            proposals="Une proposition.\n" * 5,
            status=SessionLog.Status.APPROVED,
            approved_at=meeting.starts_at(),
        )
        workshops.append(workshop)
    for n in range(80):
        user = User.objects.create_user(
            email=f"charge{n:02d}@example.org",
            full_name=f"Participant·e {n:02d}",
            organisation=organisations[n % 20],
            is_approved=True,
        )
        Registration.objects.create(
            meeting=meeting, user=user, workshop=workshops[n % 2], status="confirmed"
        )
    return meeting
