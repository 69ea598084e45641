"""Time the Cahier: cold (nothing cached), warm (its data gathered, its digest found in the cache
and the file read) and bare WeasyPrint on the same HTML, for the demo 7th Club, a generated
80-participant meeting and a large one (200 participants from 40 organisations present at the
register, 12 workshops with restitutions, 40 photos). Goals: cold under 4 s and within 1.25x of
bare WeasyPrint, warm under 30 ms."""

import datetime
import io
import logging
import statistics
import tempfile
import time

import pikepdf
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

        with (
            tempfile.TemporaryDirectory() as folder,
            tempfile.TemporaryDirectory() as media,
            override_settings(PDF_CACHE_ROOT=folder),
        ):
            self._bench("7e Club (démo)", meeting)
            with transaction.atomic():
                self._bench("80 participants", _big_meeting(meeting.club))
                transaction.set_rollback(True)
            with transaction.atomic(), override_settings(MEDIA_ROOT=media):
                self._bench("large meeting", _large_meeting(meeting.club))
                transaction.set_rollback(True)

    def _bench(self, label, meeting):
        data = services.cahier_data(meeting, audience="members")
        html = services.render_html("reports/cahier.html", data)
        services.html_to_pdf(html)  # warm WeasyPrint's own caches (fonts) for both timings

        def cold():
            cache = services._cache()
            for entry in cache.entries():
                cache.delete(entry.name)
            services.cahier_pdf(meeting=meeting, audience="members")

        cold_time = _timed(cold)
        bare_time = _timed(lambda: services.html_to_pdf(html))
        services.cahier_pdf(meeting=meeting, audience="members")
        warm_time = _timed(lambda: services.cahier_pdf(meeting=meeting, audience="members"), 20)
        ratio = cold_time / bare_time
        with pikepdf.open(
            io.BytesIO(services.cahier_pdf(meeting=meeting, audience="members"))
        ) as pdf:
            pages = len(pdf.pages)
        verdict = "PASS" if cold_time < 4 and ratio <= 1.25 and warm_time < 0.030 else "FAIL"
        self.stdout.write(
            f"{label:<18} {pages:3d} pages   cold {cold_time * 1000:6.0f} ms (goal < 4000)   bare "
            f"{bare_time * 1000:7.0f} ms   ratio {ratio:4.2f} (goal ≤ 1.25)   warm "
            f"{warm_time * 1000:6.1f} ms (goal < 30)   {verdict}"
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
        registration = Registration.objects.create(meeting=meeting, user=user, status="confirmed")
        registration.workshops.add(workshops[n % 2])
    return meeting


def _large_meeting(club) -> Meeting:
    """200 participants from 40 organisations marked present, 12 workshops with approved
    restitutions and three actions each, 40 photos (pictures drawn like the demo's)."""
    from clubs.models import Action
    from initiatives.models import Photo
    from initiatives.services import PHOTO_RULES
    from landlords.demo import demo_image
    from landlords.uploads import reencode_image

    meeting = Meeting.objects.create(
        club=club,
        number=901,
        title="Grande rencontre de charge",
        date=datetime.date(2024, 11, 14),
        venue="Palais des congrès",
        city="Montpellier",
        status=Meeting.Status.HELD,
        capacity=250,
        cahier_introduction="Une introduction de plusieurs paragraphes.\n\n" * 4,
        cahier_synthesis="Une synthèse de plusieurs paragraphes.\n\n" * 4,
    )
    organisations = [
        Organisation.objects.create(
            name=f"Organisme de charge {n:02d}", slug=f"organisme-charge-{n:02d}", kind="landlord"
        )
        for n in range(40)
    ]
    author = User.objects.filter(is_approved=True).first()
    for n in range(12):
        workshop = Workshop.objects.create(meeting=meeting, title=f"Atelier {n + 1}", order=n)
        log = SessionLog.objects.create(
            workshop=workshop,
            author=author,
            summary="Une restitution de plusieurs phrases, comme les rapporteurs les écrivent. "
            * 12,
            key_findings="Un enseignement de l'atelier.\n" * 6,
            proposals="Une proposition de l'atelier.\n" * 4,
            status=SessionLog.Status.APPROVED,
            approved_at=meeting.starts_at(),
        )
        for k in range(3):
            Action.objects.create(
                session_log=log,
                meeting=meeting,
                title=f"Action {k + 1} de l'atelier {n + 1}",
                owner=organisations[(n + k) % 40],
            )
    for n in range(200):
        user = User.objects.create_user(
            email=f"grande{n:03d}@example.org",
            full_name=f"Participant·e {n:03d}",
            organisation=organisations[n % 40],
            is_approved=True,
        )
        Registration.objects.create(meeting=meeting, user=user, status="confirmed", attended=True)
    for n in range(40):
        photo = Photo(
            meeting=meeting,
            caption=f"Photo {n + 1} de la journée",
            alt_text=f"Une vue de la journée, numéro {n + 1}",
            credit="Studio de charge",
            consent=True,
        )
        stored = reencode_image(demo_image((14, 40 + n * 2, 100)), PHOTO_RULES)
        photo.image.save(stored.name, stored, save=False)
        photo.save()
    return meeting
