"""Fill the database with a large, plausible portal for benchmarks: organisations, members,
meetings with registrations and approved restitutions, initiatives with themes, co-landlords,
indicators and measurements, and a call for projects with its applications and laureates.

`--scale N` sets the initiatives to N × 10,000 (`--initiatives` to an exact number); members
(2,000), meetings (200) and organisations (120) stay fixed whatever the scale: a scaled run
measures the catalogue, the only table that grows by orders of magnitude. Bulk inserts in one
transaction; on PostgreSQL, then VACUUM ANALYZE of the tables it loaded (fresh statistics: right
after a load without them the planner guessed 27 rows for 9,000 and the catalogue took 2.7 s).
Refuses to run with DEBUG off unless --force."""

import datetime
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from clubs.models import Club, Meeting, Registration, RegistrationChoice, SessionLog, Workshop
from config.search import stored_vector
from initiatives.models import (
    Application,
    Assessment,
    CallForProjects,
    Indicator,
    Initiative,
    Measurement,
    TargetPublic,
)
from initiatives.selectors import INITIATIVE_SEARCH_FIELDS
from landlords.models import Organisation, Region, Skill, Theme, User
from places.models import Commune

WORDS = [
    *[
        "jardin",
        "partagé",
        "potager",
        "sport",
        "seniors",
        "jeunes",
        "lien",
        "social",
        "quartier",
        "résidence",
        "emploi",
    ],
    *[
        "insertion",
        "numérique",
        "mobilité",
        "énergie",
        "compost",
        "fête",
        "voisins",
        "atelier",
        "cuisine",
        "lecture",
    ],
    *[
        "musique",
        "théâtre",
        "solidarité",
        "entraide",
        "bricolage",
        "vélo",
        "santé",
        "bien-être",
        "familles",
    ],
]
THEMES = ["Jardins partagés", "Sport et santé", "Lien social", "Emploi et insertion", "Mobilité"]
# Member n offers skill n % 6 and seeks the next one: "who else works on this near me" has people
# to find on an initiative page (its contact's sought skills) and in a member's space.
SKILLS = [
    "Animation de réseau",
    "Montage de projet",
    "Concertation",
    "Évaluation",
    "Financements",
    "Communication",
]
BATCH = 2000
INITIATIVES_PER_SCALE = 10_000
CALL_SLUG = "bench-appel"
CALL_APPLICATIONS = 24  # the call page lists them all: a few dozen, like a real call
CALL_LAUREATES = 4


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=f"Initiatives = scale × {INITIATIVES_PER_SCALE:,} (members and meetings fixed).",
        )
        parser.add_argument("--initiatives", type=int, help="An exact number (overrides --scale).")
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--meetings", type=int, default=200)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, scale, initiatives, members, meetings, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this fills the database; pass --force if meant.")
        if initiatives is None:
            initiatives = round(scale * INITIATIVES_PER_SCALE)
        if initiatives < 1 or members < 1 or meetings < 1:
            raise CommandError("Give at least one initiative, one member and one meeting.")
        started = time.perf_counter()
        rng = random.Random(2023)  # noqa: S311 — repeatable demo data, not secrets
        with transaction.atomic():
            landlords, partners = self._organisations()
            themes = [
                Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
                for name in THEMES
            ]
            public = TargetPublic.objects.get_or_create(
                slug="tous-les-habitants", defaults={"name": "Tous les habitants"}
            )[0]
            people = self._members(members, landlords + partners, themes)
            self._meetings(meetings, landlords, people, rng)
            self._initiatives(initiatives, landlords, partners, themes, public, people, rng)
            self._call(partners[0], themes, people[0])
            self._index()
        self._analyze()
        # Bulk inserts send no signal: the pages cached before them must go.
        cache.clear()
        self.stdout.write(
            f"{initiatives} initiatives, {members} members, {meetings} meetings "
            f"in {time.perf_counter() - started:.1f} s"
        )

    def _organisations(self):
        region = Region.objects.get(code="occitanie")
        landlords = [
            Organisation(
                name=f"Bailleur social {n:03d}",
                slug=f"bench-bailleur-{n:03d}",
                kind=Organisation.Kind.LANDLORD,
                family=Organisation.Family.ESH,
                departement=str(30 + n % 20),
                dwellings=1000 + n * 100,
            )
            for n in range(60)
        ]
        partners = [
            Organisation(
                name=f"Association partenaire {n:03d}",
                slug=f"bench-partenaire-{n:03d}",
                kind=Organisation.Kind.PARTNER,
            )
            for n in range(60)
        ]
        Organisation.objects.bulk_create(landlords + partners, ignore_conflicts=True)
        landlords = list(Organisation.objects.filter(slug__startswith="bench-bailleur-"))
        partners = list(Organisation.objects.filter(slug__startswith="bench-partenaire-"))
        Organisation.regions.through.objects.bulk_create(
            [
                Organisation.regions.through(organisation=org, region=region)
                for org in landlords + partners
            ],
            ignore_conflicts=True,
        )
        return landlords, partners

    def _members(self, count, organisations, themes):
        password = make_password("bench-password-not-for-people")
        now = timezone.now()
        User.objects.bulk_create(
            [
                User(
                    email=f"bench{n:05d}@example.org",
                    full_name=f"Membre {n:05d}",
                    organisation=organisations[n % len(organisations)],
                    job_title="Chargée de développement social",
                    password=password,
                    is_approved=True,
                    approved_at=now,
                    directory_consent=n % 3 != 0,
                )
                for n in range(count)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        people = list(User.objects.filter(email__startswith="bench").order_by("pk"))
        User.themes.through.objects.bulk_create(
            [
                User.themes.through(user=user, theme=themes[n % len(themes)])
                for n, user in enumerate(people)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        skills = [
            Skill.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in SKILLS
        ]
        for relation, shift in ((User.skills, 0), (User.sought_skills, 1)):
            relation.through.objects.bulk_create(
                [
                    relation.through(user=user, skill=skills[(n + shift) % len(skills)])
                    for n, user in enumerate(people)
                ],
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        return people

    def _meetings(self, count, landlords, people, rng):
        club, _ = Club.objects.get_or_create(
            slug="bench", defaults={"name": "Club de charge", "description": "Benchmark."}
        )
        start = datetime.date(2019, 1, 10)
        created = Meeting.objects.bulk_create(
            [
                Meeting(
                    club=club,
                    number=1000 + n,
                    title=f"Rencontre {n}",
                    date=start + datetime.timedelta(days=14 * n),
                    host=landlords[n % len(landlords)],
                    venue="Salle commune",
                    city="Toulouse",
                    status=Meeting.Status.HELD,
                    capacity=60,
                )
                for n in range(count)
            ],
            ignore_conflicts=True,
        )
        meetings = list(Meeting.objects.filter(club=club).order_by("number"))
        workshops = Workshop.objects.bulk_create(
            [
                Workshop(meeting=meeting, title=f"Atelier {k + 1}", order=k, capacity=30)
                for meeting in meetings
                for k in range(2)
            ]
        )
        author = people[0]
        SessionLog.objects.bulk_create(
            [
                SessionLog(
                    workshop=workshop,
                    author=author,
                    summary="Les participants ont partagé leurs expériences. " * 8,
                    key_findings="Un enseignement.",
                    proposals="Une proposition.",
                    status=SessionLog.Status.APPROVED,
                    approved_at=timezone.now(),
                )
                for workshop in workshops
            ]
        )
        by_meeting = {}
        for workshop in workshops:
            by_meeting.setdefault(workshop.meeting_id, []).append(workshop)
        Registration.objects.bulk_create(
            [
                Registration(
                    meeting=meeting,
                    user=user,
                    status=Registration.Status.CONFIRMED,
                    attended=True,
                )
                for meeting in meetings
                for user in rng.sample(people, min(40, len(people)))
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        # Each registration chose one of its meeting's two workshops (read back: the rows
        # inserted with ignore_conflicts carry no primary key).
        unchosen = Registration.objects.filter(meeting__in=meetings, choices__isnull=True)
        RegistrationChoice.objects.bulk_create(
            [
                RegistrationChoice(registration_id=pk, workshop=by_meeting[meeting_id][pk % 2])
                for pk, meeting_id in unchosen.values_list("pk", "meeting_id")
            ],
            batch_size=BATCH,
        )
        return created

    def _initiatives(self, count, landlords, partners, themes, public, people, rng):  # noqa: PLR0917
        now = timezone.now()
        contact_of = {}  # each lead's first member is the contact of its initiatives
        for person in people:
            contact_of.setdefault(person.organisation_id, person)
        # 500 communes of the official list, the largest, spread over the départements
        communes = list(
            Commune.objects.order_by("-population").values_list("code", "departement")[:500]
        )
        rows = []
        for n in range(count):
            words = rng.sample(WORDS, 4)
            title = f"{words[0].capitalize()} et {words[1]} n° {n}"
            rows.append(
                Initiative(
                    title=title,
                    slug=f"bench-{n:05d}",
                    sort_title=slugify(title),
                    summary=f"Une initiative de {words[2]} et de {words[3]} dans la résidence.",
                    description=" ".join(rng.sample(WORDS, 12)) * 3,
                    lead=landlords[n % len(landlords)],
                    contact=contact_of.get(landlords[n % len(landlords)].pk),
                    # 500 communes of the official list, each with its département
                    commune_id=communes[n % len(communes)][0],
                    departement=communes[n % len(communes)][1],
                    status=Initiative.Status.RUNNING,
                    start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 1000),
                    visibility="members" if n % 10 == 0 else "public",
                    created_at=now - datetime.timedelta(minutes=n),
                )
            )
            if len(rows) == BATCH:
                Initiative.objects.bulk_create(rows, ignore_conflicts=True)
                rows = []
        Initiative.objects.bulk_create(rows, ignore_conflicts=True)
        # Ids only from here: 100,000 model instances with their descriptions weigh ~1 GB.
        ids = list(
            Initiative.objects.filter(slug__startswith="bench-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )

        def link(through, rows):
            through.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)

        through = Initiative.themes.through
        link(
            through,
            [through(initiative_id=i, theme=themes[n % len(themes)]) for n, i in enumerate(ids)],
        )
        through = Initiative.publics.through
        link(through, [through(initiative_id=i, targetpublic=public) for i in ids])
        through = Initiative.co_landlords.through
        link(
            through,
            [
                through(initiative_id=i, organisation=landlords[(n + 1) % len(landlords)])
                for n, i in enumerate(ids)
                if n % 3 == 0
            ],
        )
        through = Initiative.partners.through
        link(
            through,
            [
                through(initiative_id=i, organisation=partners[n % len(partners)])
                for n, i in enumerate(ids)
                if n % 2 == 0
            ],
        )
        Indicator.objects.bulk_create(
            [
                Indicator(initiative_id=i, name="participants", target=50)
                for n, i in enumerate(ids)
                if n % 4 == 0
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        indicators = Indicator.objects.filter(initiative__slug__startswith="bench-")
        Measurement.objects.bulk_create(
            [
                Measurement(
                    indicator_id=indicator,
                    date=datetime.date(2021 + k, 6, 1),
                    value=rng.randint(5, 60),
                )
                for indicator in indicators.values_list("pk", flat=True)
                for k in range(3)
            ],
            batch_size=BATCH,
        )

    def _call(self, organiser, themes, author):
        """One call for projects with a few dozen applications, four of them laureates with
        their amounts and a bilan each."""
        call, _ = CallForProjects.objects.get_or_create(
            slug=CALL_SLUG,
            defaults={
                "organiser": organiser,
                "title": "Appel à projets Habitat et initiatives solidaires",
                "rules": "Projets portés par un bailleur social avec un partenaire local. " * 6,
                "ceiling": 30000,
                "opens_on": datetime.date(2024, 1, 15),
                "closes_on": datetime.date(2024, 4, 30),
                "status": CallForProjects.Status.DECIDED,
                "results_published_at": timezone.now(),
            },
        )
        call.themes.add(*themes[:2])
        chosen = list(
            Initiative.objects.filter(slug__startswith="bench-", visibility="public")
            .order_by("pk")
            .values_list("pk", flat=True)[:CALL_APPLICATIONS]
        )
        statuses = [Application.Status.LAUREATE] * CALL_LAUREATES + [
            Application.Status.SUBMITTED,
            Application.Status.NOT_RETAINED,
        ] * CALL_APPLICATIONS
        leads = dict(Initiative.objects.filter(pk__in=chosen).values_list("pk", "lead_id"))
        titles = dict(Initiative.objects.filter(pk__in=chosen).values_list("pk", "title"))
        Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    initiative_id=i,
                    applicant_id=leads[i],
                    title=titles[i],
                    status=status,
                    amount_awarded=25000 if status == Application.Status.LAUREATE else None,
                    bilan_due_on=(
                        datetime.date(2025, 6, 30)
                        if status == Application.Status.LAUREATE
                        else None
                    ),
                )
                for i, status in zip(chosen, statuses, strict=False)
            ],
            ignore_conflicts=True,
        )
        if not call.assessments.exists():
            Assessment.objects.bulk_create(
                [
                    Assessment(
                        initiative_id=i,
                        call=call,
                        kind=Assessment.Kind.INTERMEDIATE,
                        date=datetime.date(2025, 1, 15),
                        text="Premier bilan : les habitants se sont approprié le projet.",
                        author=author,
                    )
                    for i in chosen[:CALL_LAUREATES]
                ]
            )

    def _index(self):
        """The French search vectors in one statement (PostgreSQL); sort keys were set above."""
        if connection.vendor != "postgresql":
            return
        Initiative.objects.filter(slug__startswith="bench-").update(
            search_vector=stored_vector(Initiative, INITIATIVE_SEARCH_FIELDS)
        )

    def _analyze(self):
        """Fresh planner statistics and visibility maps for what was loaded (PostgreSQL)."""
        if connection.vendor != "postgresql":
            return
        models = [
            Organisation,
            Organisation.regions.through,
            User,
            User.themes.through,
            Club,
            Meeting,
            Workshop,
            SessionLog,
            Registration,
            Initiative,
            Initiative.themes.through,
            Initiative.publics.through,
            Initiative.co_landlords.through,
            Initiative.partners.through,
            Indicator,
            Measurement,
            CallForProjects,
            Application,
            Assessment,
        ]
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        # VACUUM (for the visibility map index-only counts read) cannot run inside a
        # transaction, as when a test calls the command; ANALYZE alone can.
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{statement} {tables}")
