"""Demo clubs and meetings from the seeds: the PACA & Corse club and its seven meetings.

The seeds say the club was launched on 10 October (2019) with Famille & Provence and an
Encagnane visit, that Famille & Provence, Erilia, Unicil, Grand Delta Habitat and Côte d'Azur
Habitat hosted before ICF Habitat Sud-Est Méditerranée, and that the 7th was on 19 June with
La Poste. Seven meetings with five earlier hosts leave one without a host: the 3rd, held online
during the 2020 lockdowns. The 8th Club and the Occitanie club's launch are upcoming meetings
written for the demo; their dates follow today so that the demo always has a next meeting.
"""

import datetime

from django.utils import timezone

from clubs.models import Club, Meeting
from landlords.models import Organisation, Region, User

PACA_DESCRIPTION = (
    "Lancé le 10 octobre 2019 par Pascal Gallard, le Club Innovation sociale réunit les bailleurs "
    "sociaux autour d'un des leurs qui présente sa démarche en matière d'innovation sociale. "
    "Échanges, discussions, partages, confrontations renforcent la capacité d'innovation des "
    "organismes au service de leurs locataires. Chaque rencontre comprend un temps « pratique » "
    "sur le terrain ; les participants ont souhaité trois ou quatre journées de travail par an."
)
OCCITANIE_DESCRIPTION = (
    "Le club des bailleurs d'Occitanie qui créent du lien social : jardins partagés, sport, "
    "salles communes, espaces emploi, appels à projets avec l'économie sociale et solidaire."
)

# number, date, host, partners, theme, venue, city, status
PACA_MEETINGS = [
    (
        1,
        datetime.date(2019, 10, 10),
        "Famille & Provence",
        ["Union sociale pour l'habitat"],
        "Lancement du club : l'innovation sociale chez Famille & Provence, visite d'Encagnane",
        "Quartier d'Encagnane",
        "Aix-en-Provence",
        Meeting.Status.HELD,
    ),
    (
        2,
        datetime.date(2020, 2, 13),
        "Erilia",
        [],
        "",
        "Siège d'Erilia",
        "Marseille",
        Meeting.Status.HELD,
    ),
    (
        3,
        datetime.date(2020, 12, 10),
        None,
        [],
        "Le lien avec les locataires pendant les confinements",
        "",
        "",
        Meeting.Status.HELD,
    ),
    (
        4,
        datetime.date(2021, 10, 14),
        "Unicil",
        [],
        "",
        "Siège d'Unicil",
        "Marseille",
        Meeting.Status.HELD,
    ),
    (
        5,
        datetime.date(2022, 3, 17),
        "Grand Delta Habitat",
        [],
        "",
        "Siège de Grand Delta Habitat",
        "Avignon",
        Meeting.Status.HELD,
    ),
    (
        6,
        datetime.date(2022, 11, 24),
        "Côte d'Azur Habitat",
        [],
        "",
        "Siège de Côte d'Azur Habitat",
        "Nice",
        Meeting.Status.HELD,
    ),
    (
        7,
        datetime.date(2023, 6, 19),
        "ICF Habitat Sud-Est Méditerranée",
        ["La Poste"],
        "Les résidences dédiées : souffrance psychique et intergénérationnel",
        "Le Saint-Georges",
        "Marseille",
        Meeting.Status.HELD,
    ),
    (
        8,
        datetime.timedelta(weeks=10),  # upcoming: relative to today
        "SFHE-Arcade",
        ["Handitoit Provence"],
        "Habitat inclusif : vivre chez soi avec un handicap",
        "Siège de SFHE-Arcade",
        "Aix-en-Provence",
        Meeting.Status.PUBLISHED,
    ),
]
OCCITANIE_MEETINGS = [
    (
        1,
        datetime.timedelta(weeks=5),  # upcoming: relative to today
        "Groupe des Chalets",
        ["Solidarité Villes", "Circuits Verts"],
        "Lancement du club Occitanie : habitat et initiatives solidaires",
        "Résidence Marvig",
        "Toulouse",
        Meeting.Status.PUBLISHED,
    ),
]


def upcoming_thursday(delay: datetime.timedelta) -> datetime.date:
    """The first Thursday at least ``delay`` from today (the club meets on Thursdays)."""
    day = timezone.localdate() + delay
    return day + datetime.timedelta(days=(3 - day.weekday()) % 7)


def _load_meetings(club, rows, organisations) -> None:
    for number, when, host, partners, title, venue, city, status in rows:
        date = upcoming_thursday(when) if isinstance(when, datetime.timedelta) else when
        meeting, _ = Meeting.objects.update_or_create(
            club=club,
            number=number,
            defaults={
                "date": date,
                "host": organisations[host] if host else None,
                "title": title,
                "venue": venue,
                "city": city,
                "status": status,
            },
        )
        meeting.partners.set([organisations[name] for name in partners])


def load(*, password: str | None, stdout) -> None:
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    regions = {region.code: region for region in Region.objects.all()}
    people = {user.full_name: user for user in User.objects.filter(email__endswith="@example.org")}

    paca, _ = Club.objects.update_or_create(
        slug="paca-corse",
        defaults={"name": "Club Innovation sociale PACA & Corse", "description": PACA_DESCRIPTION},
    )
    paca.regions.set([regions["paca"], regions["corse"]])
    paca.animators.set([people["Anne Chemier"], people["Manon Venturelli"]])
    _load_meetings(paca, PACA_MEETINGS, organisations)

    occitanie, _ = Club.objects.update_or_create(
        slug="occitanie",
        defaults={
            "name": "Club Innovation sociale Occitanie",
            "description": OCCITANIE_DESCRIPTION,
        },
    )
    occitanie.regions.set([regions["occitanie"]])
    occitanie.animators.set([people["Manon Venturelli"]])
    _load_meetings(occitanie, OCCITANIE_MEETINGS, organisations)
    stdout.write(f"  2 clubs, {len(PACA_MEETINGS) + len(OCCITANIE_MEETINGS)} meetings")
