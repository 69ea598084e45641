"""Demo clubs and meetings from the seeds: the PACA & Corse club and its seven meetings.

The seeds say the club was launched on 10 October (2019) with Famille & Provence and an
Encagnane visit, that Famille & Provence, Erilia, Unicil, Grand Delta Habitat and Côte d'Azur
Habitat hosted before ICF Habitat Sud-Est Méditerranée, and that the 7th was on 19 June with
La Poste. Seven meetings with five earlier hosts leave one without a host: the 3rd, held online
during the 2020 lockdowns. The 8th Club and the Occitanie club's launch are upcoming meetings
written for the demo; their dates follow today so that the demo always has a next meeting.
The 1st to 6th, before the portal, are archived: their Cahiers were printed, nobody has one to
publish here; the 7th is held and its Cahier published.
Beyond the club, the Nîmes event of 2015 (seed 003) with its flash meetings: see the end.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from clubs import flash
from clubs.models import (
    Action,
    AgendaItem,
    Club,
    FlashMeeting,
    FlashProfile,
    FlashRequest,
    FlashSession,
    Meeting,
    Registration,
    RegistrationChoice,
    RoadmapObjective,
    SessionLog,
    Workshop,
)
from landlords import demo as landlords_demo
from landlords.demo import demo_email
from landlords.models import Organisation, Region, Residence, Skill, Theme, User

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
        Meeting.Status.ARCHIVED,
    ),
    (
        2,
        datetime.date(2020, 2, 13),
        "Erilia",
        [],
        "",
        "Siège d'Erilia",
        "Marseille",
        Meeting.Status.ARCHIVED,
    ),
    (
        3,
        datetime.date(2020, 12, 10),
        None,
        [],
        "Le lien avec les locataires pendant les confinements",
        "",
        "",
        Meeting.Status.ARCHIVED,
    ),
    (
        4,
        datetime.date(2021, 10, 14),
        "Unicil",
        [],
        "",
        "Siège d'Unicil",
        "Marseille",
        Meeting.Status.ARCHIVED,
    ),
    (
        5,
        datetime.date(2022, 3, 17),
        "Grand Delta Habitat",
        [],
        "",
        "Siège de Grand Delta Habitat",
        "Avignon",
        Meeting.Status.ARCHIVED,
    ),
    (
        6,
        datetime.date(2022, 11, 24),
        "Côte d'Azur Habitat",
        [],
        "",
        "Siège de Côte d'Azur Habitat",
        "Nice",
        Meeting.Status.ARCHIVED,
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


ROADMAP_INTRO = (
    "Élaborée le 10 octobre 2019 en « ateliers collaboratifs » par une quarantaine de "
    "participants de 17 organismes, la feuille de route fixe ce que le club veut construire."
)
# title, description, status
ROADMAP = [
    (
        "Travailler en réseau",
        "Se connaître entre bailleurs, se retrouver trois ou quatre journées par an.",
        RoadmapObjective.Status.REACHED,
    ),
    (
        "Favoriser les projets inter-bailleurs sur un même territoire",
        "Monter ensemble des projets là où plusieurs bailleurs logent les mêmes habitants.",
        RoadmapObjective.Status.IN_PROGRESS,
    ),
    (
        "Mutualiser compétences et expertises",
        "Savoir qui, chez les autres bailleurs, peut aider sur un sujet.",
        RoadmapObjective.Status.IN_PROGRESS,
    ),
    (
        "Répondre ensemble à des appels à projets",
        "",
        RoadmapObjective.Status.IN_PROGRESS,
    ),
    (
        "Identifier les problématiques et les enjeux sociétaux",
        "Vieillissement, isolement, souffrance psychique, emploi : les besoins qui évoluent.",
        RoadmapObjective.Status.REACHED,
    ),
    (
        "Créer des boîtes à outils",
        "Rechercher des ressources spécifiques et les partager.",
        RoadmapObjective.Status.PLANNED,
    ),
    (
        "Faire monter en compétence les membres",
        "",
        RoadmapObjective.Status.IN_PROGRESS,
    ),
    (
        "Mesurer l'impact de l'innovation sociale",
        "Établir un suivi de la mesure et de l'impact pour en évaluer les performances.",
        RoadmapObjective.Status.PLANNED,
    ),
]

T = datetime.time

# meeting number: [(start, end, kind, title, speakers)]
PACA_AGENDA = {
    1: [
        (
            T(9, 30),
            T(10, 0),
            "welcome",
            "Lancement du club",
            "Pascal Gallard, président de l'AR Hlm",
        ),
        (
            T(10, 0),
            T(11, 0),
            "plenary",
            "État des lieux de l'innovation durable dans le secteur Hlm",
            "Céline Di Mercurio, cheffe de mission Innovation sociale et RSE à l'USH",
        ),
        (T(11, 0), T(12, 30), "workshops", "La feuille de route du club", "Anne Chemier"),
        (T(12, 30), T(14, 0), "lunch", "Déjeuner", ""),
        (
            T(14, 0),
            T(15, 0),
            "plenary",
            "L'innovation sociale dans la stratégie de Famille & Provence",
            "Famille & Provence",
        ),
        (T(15, 0), T(17, 0), "visit", "Visite du quartier d'Encagnane", ""),
    ],
    7: [
        (
            T(9, 30),
            T(9, 45),
            "welcome",
            "Accueil",
            "Sophie Matrat, présidente du directoire d'ICF Habitat Sud-Est Méditerranée, et "
            "Manon Venturelli, chargée de mission à l'AR Hlm",
        ),
        (
            T(9, 45),
            T(10, 15),
            "plenary",
            "Le groupe ICF Habitat et sa filiale Sud-Est Méditerranée",
            "Sophie Matrat",
        ),
        (
            T(10, 15),
            T(11, 0),
            "plenary",
            "Le projet social : deux résidences dédiées à l'insertion",
            "Isabelle Domas, directrice de clientèle",
        ),
        (T(11, 0), T(11, 30), "plenary", "L'offre sociale de La Poste", "La Poste"),
        (T(11, 30), T(12, 45), "workshops", "Deux ateliers en parallèle", "Manon Venturelli"),
        (T(12, 45), T(14, 0), "lunch", "Déjeuner", ""),
        (T(14, 0), T(15, 0), "plenary", "Restitution des ateliers", "Isabelle Domas, Robin Hamadi"),
    ],
}

# meeting number: [(kind, title, theme, facilitators, rapporteurs, capacity, residence, log)]
# where log is (summary, key findings, proposals, [(action, owner, due date)]) or None.
PACA_WORKSHOPS = {
    1: [
        (
            Workshop.Kind.WORKSHOP,
            "La feuille de route du club",
            None,
            ["Anne Chemier"],
            ["Anne Chemier"],
            None,
            None,
            (
                "Les participants ont donné leur définition de l'innovation sociale : la réponse "
                "à des besoins sociétaux évolutifs, qui permet aux bailleurs de s'adapter pour "
                "continuer à remplir leur mission sociale. Elle tient compte de la « maîtrise "
                "d'usage » des habitants et fait évoluer les pratiques professionnelles, externes "
                "comme internes.",
                "Travailler en réseau et favoriser les projets inter-bailleurs sur un même "
                "territoire.\nMutualiser compétences et expertises, répondre ensemble à des "
                "appels à projets.\nUn temps « pratique », sur le terrain, à chaque rencontre.",
                "Trois ou quatre journées de travail par an.\nDes « boîtes à outils » et un suivi "
                "de la mesure de l'impact de l'innovation sociale.",
                [
                    (
                        "Proposer un calendrier de trois à quatre journées par an",
                        "AR Hlm",
                        "2019-12-15",
                    )
                ],
            ),
        ),
        (
            Workshop.Kind.VISIT,
            "Visite du quartier d'Encagnane",
            "Jardins partagés",
            ["Anne Chemier"],
            ["Anne Chemier"],
            None,
            "Encagnane",
            (
                "Sur le terrain, les actions de Famille & Provence avec les habitants : les "
                "jardins partagés présentés par le CPIE du Pays d'Aix, la plateforme Easi pour "
                "tous qui accompagne les initiatives des habitants, le bilan des « kolocations à "
                "projets solidaires » (Kaps) de l'AFEV, et l'auto-réhabilitation accompagnée "
                "des Compagnons Bâtisseurs.",
                "Les habitants sont les premières parties prenantes des actions du quartier.",
                "Garder un temps de visite à chaque rencontre.",
                [],
            ),
        ),
    ],
    7: [
        (
            Workshop.Kind.WORKSHOP,
            "Résidences et souffrance psychique",
            "Souffrance psychique",
            ["Manon Venturelli"],
            ["Isabelle Domas"],
            20,
            None,
            (
                "La confiance entre tous les intervenants a été mise en avant comme une "
                "condition essentielle à la réussite d'un projet de résidence d'insertion. La "
                "volonté politique des élus locaux et le travail partenarial très étroit entre "
                "le bailleur et l'association gestionnaire sont aussi primordiaux, tout comme "
                "l'implantation de la résidence, proche des transports en commun et des "
                "commerces de proximité.",
                "Objectif principal : casser le syndrome d'isolement et valoriser les personnes "
                "par leur autonomie.\nLes espaces collectifs, qui facilitent les échanges, sont "
                "particulièrement importants.",
                "Associer l'association gestionnaire dès la conception de la résidence.\n"
                "Choisir l'implantation avec les élus, près des transports et des commerces.",
                [
                    (
                        "Partager la convention type entre bailleur et association gestionnaire",
                        "ICF Habitat Sud-Est Méditerranée",
                        "2023-10-31",
                    ),
                ],
            ),
        ),
        (
            Workshop.Kind.WORKSHOP,
            "Habitat intergénérationnel",
            "Intergénérationnel",
            ["Anne Chemier"],
            ["Robin Hamadi"],
            20,
            None,
            (
                "Faire cohabiter les générations semble une évidence, comme dans beaucoup de pays "
                "et de cultures, mais c'est moins facile dans notre société : chaque génération "
                "doit être convaincue qu'elle peut apporter quelque chose à l'autre. La qualité "
                "du partenariat entre bailleur social, gestionnaire de la résidence et élus "
                "locaux est essentielle.",
                "Les espaces collectifs facilitent les échanges entre générations.",
                "Recenser les résidences intergénérationnelles des bailleurs du club et ce qui "
                "y fonctionne.",
                [
                    (
                        "Recenser les résidences intergénérationnelles des bailleurs du club",
                        "AR Hlm",
                        "2023-12-15",
                    ),
                ],
            ),
        ),
    ],
    8: [
        (
            Workshop.Kind.WORKSHOP,
            "Adapter les logements au handicap",
            "Vieillissement et handicap",
            ["Manon Venturelli"],
            ["Isabelle Domas"],
            20,
            None,
            None,
        ),
        (
            Workshop.Kind.WORKSHOP,
            "Habitat inclusif : le rôle des associations",
            "Vieillissement et handicap",
            ["Anne Chemier"],
            ["Stéphanie Erales"],
            20,
            None,
            None,
        ),
    ],
}

# Who came to the 7th Club (besides the animators), and who registered for the 8th.
PACA_PARTICIPANTS = {
    7: [
        "Sophie Matrat",
        "Isabelle Domas",
        "Robin Hamadi",
        "Manon Venturelli",
        "Anne Chemier",
        "Céline Di Mercurio",
        "Sabine Fincato",
    ],
    8: ["Isabelle Domas", "Sophie Matrat", "Stéphanie Erales", "Sabine Fincato"],
}


# The Cahiers' editorial texts, after the seeds: an introduction, what was said at each talk
# (by the programme item's title) and the synthesis across the workshops.
PACA_CAHIER_TEXTS = {
    1: {
        "introduction": (
            "Le troisième « i » du projet stratégique de l'Association régionale, aux côtés de "
            "l'intercommunalité et de l'intelligence collective, a désormais son Club. Lancé le "
            "10 octobre 2019 par Pascal Gallard, il a réuni une quarantaine de participants "
            "représentant 17 organismes chez Famille & Provence, à Aix-en-Provence.\n\n"
            "« L'innovation est le quotidien des organismes Hlm, à l'origine même de notre "
            "secteur professionnel », rappelle Anne Chemier, qui anime le Club."
        ),
        "accounts": {
            "État des lieux de l'innovation durable dans le secteur Hlm": (
                "Céline Di Mercurio présente l'étude de l'USH sur l'innovation sociale dans le "
                "secteur Hlm. Pour les participants, le but premier de cette innovation est la "
                "réponse à des besoins sociétaux évolutifs ; elle doit tenir compte de la "
                "« maîtrise d'usage » des habitants et faire évoluer les pratiques "
                "professionnelles, externes comme internes."
            ),
            "L'innovation sociale dans la stratégie de Famille & Provence": (
                "Famille & Provence expose la manière dont l'innovation sociale est intégrée à "
                "sa stratégie de développement, avant la visite d'Encagnane : les jardins "
                "partagés avec le CPIE du Pays d'Aix, la plateforme Easi pour tous, les Kaps "
                "avec l'AFEV et l'auto-réhabilitation accompagnée avec les Compagnons "
                "Bâtisseurs."
            ),
        },
        "synthesis": (
            "Travailler en réseau et favoriser les projets inter-bailleurs sur un même "
            "territoire, identifier les enjeux sociétaux, constituer des boîtes à outils, faire "
            "monter en compétence les membres et mesurer l'impact de l'innovation sociale : la "
            "feuille de route est posée. Les participants demandent un temps « pratique », sur "
            "le terrain, à chaque rencontre, et trois ou quatre journées de travail par an."
        ),
    },
    7: {
        "introduction": (
            "Après Famille & Provence, Erilia, Unicil, Grand Delta Habitat et Côte d'Azur "
            "Habitat, c'était au tour d'ICF Habitat Sud-Est Méditerranée d'être mis à l'honneur "
            "ce 19 juin 2023, avec le partenariat du groupe La Poste. Le sujet du jour : les "
            "résidences dédiées, l'accueil des personnes en souffrance psychique et la résidence "
            "intergénérationnelle, deux axes forts du positionnement social du bailleur.\n\n"
            "Cette préoccupation d'être au plus près des locataires est profondément inscrite "
            "dans l'ADN du mouvement Hlm, mais étonnamment peu connue du grand public : ce Cahier "
            "est aussi une façon de la faire connaître."
        ),
        "accounts": {
            "Le groupe ICF Habitat et sa filiale Sud-Est Méditerranée": (
                "Sophie Matrat présente le groupe, créé en 1927 par la SNCF pour loger les "
                "cheminots, aujourd'hui quatre ESH. La filiale méridionale couvre tout l'arc "
                "méditerranéen jusqu'à Dijon, gère 18 000 logements hors résidences dédiées et en "
                "construit en moyenne 450 par an, avec la RSE en fil rouge et trois directions "
                "territoriales, à Montpellier, Marseille et Nice."
            ),
            "Le projet social : deux résidences dédiées à l'insertion": (
                "Isabelle Domas détaille le projet social, ancré sur l'insertion des publics "
                "exclus du logement : deux résidences gérées avec une association dont "
                "l'animation rompt l'isolement, crée de la solidarité entre les locataires et "
                "ouvre la possibilité d'une vraie autonomie."
            ),
            "L'offre sociale de La Poste": (
                "Le facteur fait aujourd'hui bien plus que distribuer le courrier : services "
                "aux personnes, états des lieux, cartographies des commerces et des services "
                "autour des résidences. La Poste gère et rénove un grand patrimoine et a créé "
                "deux filiales sur les questions énergétiques."
            ),
        },
        "synthesis": (
            "Dans les deux cas, les espaces collectifs, qui facilitent les échanges, sont "
            "particulièrement traités. La confiance entre les intervenants, la volonté politique "
            "des élus et un partenariat étroit entre le bailleur et l'association gestionnaire "
            "conditionnent la réussite d'une résidence d'insertion comme d'une résidence "
            "intergénérationnelle."
        ),
    },
}

# The 1st Club's attendance register: "une quarantaine de participants représentant 17
# organismes", kept as walk-ins (most had no account in 2019).
FIRST_CLUB_ORGANISATIONS = [
    "AR Hlm",
    "Union sociale pour l'habitat",
    "Famille & Provence",
    "Erilia",
    "Unicil",
    "Grand Delta Habitat",
    "Côte d'Azur Habitat",
    "ICF Habitat Sud-Est Méditerranée",
    "Groupe des Chalets",
    "SFHE-Arcade",
    "Handitoit Provence",
    "Régie de quartier services Nord Littoral",
    "Solidarité Villes",
    "La Poste",
    "CPIE du Pays d'Aix",
    "AFEV",
    "Compagnons Bâtisseurs Provence",
]
FIRST_CLUB_NAMED = [
    ("Pascal Gallard", "AR Hlm"),
    ("Anne Chemier", "AR Hlm"),
    ("Céline Di Mercurio", "Union sociale pour l'habitat"),
]
FIRST_NAMES = [
    "Camille", "Julien", "Sophie", "Nicolas", "Claire", "Thomas", "Laure", "Mathieu",
    "Nadia", "Karim", "Hélène", "Olivier", "Sandrine", "Yannick", "Fatima", "Bruno",
    "Émilie", "Franck", "Aurélie", "Stéphane",
]  # fmt: skip
LAST_NAMES = [
    "Arnaud", "Bernard", "Castel", "Delorme", "Estève", "Faure", "Garcin", "Héraud",
    "Imbert", "Jourdan", "Lambert", "Marin", "Nègre", "Orsini", "Pellegrin", "Roux",
    "Santoni", "Teissier", "Vidal", "Zerbib",
]  # fmt: skip
FIRST_CLUB_ATTENDANCE = 42


def _load_cahier_texts(meetings) -> None:
    for number, texts in PACA_CAHIER_TEXTS.items():
        meeting = meetings[number]
        Meeting.objects.filter(pk=meeting.pk).update(
            cahier_introduction=texts["introduction"], cahier_synthesis=texts["synthesis"]
        )
        for title, account in texts["accounts"].items():
            AgendaItem.objects.filter(meeting=meeting, title=title).update(account=account)


def _load_first_club_register(meeting) -> None:
    """42 people from 17 organisations, marked present (the register the Cahier counts)."""
    organisations = {
        organisation.name: organisation
        for organisation in Organisation.objects.filter(name__in=FIRST_CLUB_ORGANISATIONS)
    }
    people = list(FIRST_CLUB_NAMED)
    index = 0
    while len(people) < FIRST_CLUB_ATTENDANCE:
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES) + index * 7) % len(LAST_NAMES)]
        organisation = FIRST_CLUB_ORGANISATIONS[2 + index % (len(FIRST_CLUB_ORGANISATIONS) - 2)]
        people.append((f"{first} {last}", organisation))
        index += 1
    for name, organisation in people:
        Registration.objects.update_or_create(
            meeting=meeting,
            guest_name=name,
            defaults={
                "guest_organisation": organisations[organisation],
                "walk_in": True,
                "status": Registration.Status.CONFIRMED,
                "attended": True,
            },
        )


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
                "is_online": host is None,  # the 3rd, during the 2020 lockdowns
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
    paca.roadmap = ROADMAP_INTRO
    paca.save(update_fields=["roadmap"])
    for order, (title, description, status) in enumerate(ROADMAP, start=1):
        RoadmapObjective.objects.update_or_create(
            club=paca,
            title=title,
            defaults={"description": description, "status": status, "order": order},
        )
    meetings = {meeting.number: meeting for meeting in paca.meetings.all()}
    for number, items in PACA_AGENDA.items():
        _load_agenda(meetings[number], items)
    for number, workshops in PACA_WORKSHOPS.items():
        _load_workshops(meetings[number], workshops, people, organisations)
    for number, names in PACA_PARTICIPANTS.items():
        _load_registrations(meetings[number], names, people)
    _load_first_club_register(meetings[1])
    _load_cahier_texts(meetings)
    # "L'AR Hlm éditera bientôt un « Cahier du Saint Georges »": published for the demo.
    Meeting.objects.filter(pk=meetings[7].pk, cahier_published_at__isnull=True).update(
        cahier_title="Cahier du Saint Georges",
        cahier_published_at=datetime.datetime(2023, 7, 10, 8, tzinfo=datetime.UTC),
    )
    session = _load_nimes(password=password, regions=regions, actor=people["Manon Venturelli"])
    stdout.write(
        f"  2 clubs, {len(PACA_MEETINGS) + len(OCCITANIE_MEETINGS)} meetings, "
        f"{sum(len(w) for w in PACA_WORKSHOPS.values())} workshops and visits, "
        f"{Registration.objects.count()} registrations"
    )
    found = flash.counts(session)
    stdout.write(
        f"  {session.meeting.name} ({session.meeting.city}, {session.meeting.date:%d/%m/%Y}): "
        f"{found['organisations']} organisations, {session.requests.count()} flash requests, "
        f"{found['meetings']} flash meetings scheduled, {found['qualified']} qualified exchanges, "
        f"{Action.objects.filter(flash_meeting__session=session).count()} next steps"
    )


def _load_agenda(meeting, items) -> None:
    for start, end, kind, title, speakers in items:
        residence = Residence.objects.filter(name="Encagnane").first() if kind == "visit" else None
        AgendaItem.objects.update_or_create(
            meeting=meeting,
            start_time=start,
            defaults={
                "end_time": end,
                "kind": kind,
                "title": title,
                "speakers": speakers,
                "residence": residence,
            },
        )


def _load_workshops(meeting, workshops, people, organisations) -> None:
    for order, row in enumerate(workshops, start=1):
        kind, title, theme, facilitators, rapporteurs, capacity, residence, log = row
        workshop, _ = Workshop.objects.update_or_create(
            meeting=meeting,
            title=title,
            defaults={
                "kind": kind,
                # The 1st Club: the roadmap workshop in the morning, Encagnane after lunch.
                "slot": Workshop.Slot.AFTERNOON
                if kind == Workshop.Kind.VISIT
                else Workshop.Slot.MORNING,
                "theme": Theme.objects.filter(name=theme).first() if theme else None,
                "capacity": capacity,
                "residence": Residence.objects.filter(name=residence).first()
                if residence
                else None,
                "order": order,
            },
        )
        workshop.facilitators.set([people[name] for name in facilitators])
        workshop.rapporteurs.set([people[name] for name in rapporteurs])
        if log is not None:
            _load_log(workshop, people[rapporteurs[0]], log, people, organisations)


def _load_log(workshop, author, log, people, organisations) -> None:
    summary, findings, proposals, actions = log
    approved_at = timezone.make_aware(
        datetime.datetime.combine(
            workshop.meeting.date + datetime.timedelta(days=10), datetime.time(10)
        )
    )
    session_log, _ = SessionLog.objects.update_or_create(
        workshop=workshop,
        defaults={
            "author": author,
            "summary": summary,
            "key_findings": findings,
            "proposals": proposals,
            "status": SessionLog.Status.APPROVED,
            "submitted_at": approved_at - datetime.timedelta(days=3),
            "approved_by": people["Manon Venturelli"],
            "approved_at": approved_at,
        },
    )
    for title, owner, due in actions:
        Action.objects.update_or_create(
            session_log=session_log,
            title=title,
            defaults={
                "meeting": session_log.workshop.meeting,
                "owner": organisations[owner],
                "due_date": datetime.date.fromisoformat(due),
            },
        )


def _load_registrations(meeting, names, people) -> None:
    """Everyone takes one workshop or visit per slot: their own as rapporteur, else in turn."""
    held = meeting.status in {Meeting.Status.HELD, Meeting.Status.ARCHIVED}
    slots = {}
    for workshop in meeting.workshops.prefetch_related("rapporteurs"):
        slots.setdefault(workshop.slot, []).append(workshop)
    for index, name in enumerate(names):
        user = people[name]
        registration, _ = Registration.objects.update_or_create(
            meeting=meeting,
            user=user,
            defaults={"status": Registration.Status.CONFIRMED, "attended": held},
        )
        for workshops in slots.values():
            chosen = next(
                (w for w in workshops if user in w.rapporteurs.all()),
                workshops[index % len(workshops)],
            )
            RegistrationChoice.objects.get_or_create(registration=registration, workshop=chosen)


# --- The 3rd interregional meetings "ESS Logement et habitat" (seed 003) ----------------------
# Nîmes, 26 November 2015, at Adrèa Mutuelle: the two regional chambers of the social economy and
# the Macif Provence Méditerranée organised them; 41 social-economy enterprises and landlords met;
# testimonies in the morning, then flash meetings that "permitted 135 qualified exchanges".
# The organisations the seed names are the landlords demo's; the others are made up for the demo
# (plausible social-economy structures and landlords of the two regions), one participant each.

NIMES_TITLE = "3es rencontres interrégionales ESS Logement et habitat"
NIMES_DATE = datetime.date(2015, 11, 26)
NIMES_HOST = "Adréa Mutuelle"
NIMES_CO_ORGANISERS = [
    "CRESS Provence-Alpes-Côte d'Azur",
    "CRESS Languedoc-Roussillon",
    "Macif Provence Méditerranée",
]
NIMES_QUALIFIED = 135  # "des rencontres flash qui ont permis 135 échanges qualifiés"

# Made-up organisations: name, kind, family, region code, département, about
NIMES_ORGANISATIONS = [
    ("Habitat Cévennes Garrigues", "landlord", "oph", "occitanie", "30", ""),
    ("Hérault Logis Solidaire", "landlord", "esh", "occitanie", "34", ""),
    ("Coop'Toit Méditerranée", "landlord", "coop", "occitanie", "34", ""),
    ("Logis du Comtat", "landlord", "esh", "paca", "84", ""),
    ("Azur Maures Habitat", "landlord", "esh", "paca", "83", ""),
    ("Régie de quartier Nîmes Ouest", "partner", "", "occitanie", "30", ""),
    ("SCIC Rénov'Habitat Gard", "partner", "", "occitanie", "30", ""),
    ("Atelier Bricolage Solidaire Montpellier", "partner", "", "occitanie", "34", ""),
    ("Toit d'Abord 34", "partner", "", "occitanie", "34", ""),
    ("Bâti-Cœur Insertion", "partner", "", "paca", "13", ""),
    ("Potagers solidaires du Vidourle", "partner", "", "occitanie", "30", ""),
    ("Énergies citoyennes du Languedoc", "partner", "", "occitanie", "34", ""),
    ("Lien Intergénérations Provence", "partner", "", "paca", "13", ""),
    ("Accueil Logement Urgence Gard", "partner", "", "occitanie", "30", ""),
    ("Médiation sociale Marseille Nord", "partner", "", "paca", "13", ""),
    ("Numérique solidaire Avignon", "partner", "", "paca", "84", ""),
    ("Mobilité partagée Hérault", "partner", "", "occitanie", "34", ""),
    ("Coopérative d'activités Terres d'Emploi", "partner", "", "occitanie", "30", ""),
    ("Bien vieillir chez soi Vaucluse", "partner", "", "paca", "84", ""),
    ("Les Bâtisseurs du Lez", "partner", "", "occitanie", "34", ""),
    ("Maison de l'habitat participatif Provence", "partner", "", "paca", "13", ""),
    ("Handi'Logis Gard", "partner", "", "occitanie", "30", ""),
    ("SCOP Écoconstruction Camargue", "partner", "", "paca", "13", ""),
]
NIMES_ABOUT = (
    "Participant aux 3es rencontres interrégionales ESS Logement et habitat (Nîmes, 2015)."
)

# organisation, participant (a demo person, or a made-up one), département, offers (theme,
# skill), seeks (theme, skill), in one sentence
NIMES_PARTICIPANTS = [
    (
        "AR Hlm",
        "Philippe Oliviero",
        "13",
        ("Lien social", "Montage de projets inter-bailleurs"),
        ("Emploi et insertion", "Partenariats associatifs"),
        "Le métier de bailleur social : faire construire, et concilier performance économique et "
        "utilité sociale.",
    ),
    (
        "Mascobado",
        "Stéphan Singer",
        "34",
        ("Habitat participatif", "Concertation des habitants"),
        ("Habitat participatif", "Montage de projets inter-bailleurs"),
        "Un habitat participatif aux Grisettes, à Montpellier : des solutions innovantes à des "
        "besoins mal couverts.",
    ),
    (
        "Régie de quartier services Nord Littoral",
        "Sabine Fincato",
        "13",
        ("Emploi et insertion", "Gestion urbaine de proximité"),
        ("Lien social", "Réponse aux appels à projets"),
        "Les habitants gèrent leur quartier au quotidien ; nous cherchons des marchés sur des "
        "territoires plus larges.",
    ),
    (
        "Handitoit Provence",
        "Claire Vidal",
        "13",
        ("Vieillissement et handicap", "Partenariats associatifs"),
        ("Vieillissement et handicap", "Montage de projets inter-bailleurs"),
        "Un habitat collectif pensé par et pour des personnes en situation de handicap, à trois : "
        "bailleur, association, promoteur.",
    ),
    (
        "SFHE-Arcade",
        "Laurent Mercier",
        "13",
        ("Vieillissement et handicap", "Montage de projets inter-bailleurs"),
        ("Vieillissement et handicap", "Partenariats associatifs"),
        "Bailleur : des logements adaptés avec Handitoit Provence, et les nouveaux métiers qui vont "
        "avec.",
    ),
    (
        "Adréa Mutuelle",
        "Hélène Castan",
        "30",
        ("Vieillissement et handicap", "Partenariats associatifs"),
        ("Lien social", "Mesure de l'impact social"),
        "Mutuelle : prévention et bien vieillir chez soi.",
    ),
    (
        "Macif Provence Méditerranée",
        "Bruno Fabre",
        "13",
        ("Économies d'énergie", "Partenariats associatifs"),
        ("Lien social", "Mesure de l'impact social"),
        "Assureur mutualiste : prévention des risques domestiques avec les locataires.",
    ),
    (
        "CRESS Provence-Alpes-Côte d'Azur",
        "Mireille Olivier",
        "13",
        ("Emploi et insertion", "Réponse aux appels à projets"),
        ("Lien social", "Montage de projets inter-bailleurs"),
        "Faire se connaître les entreprises de l'ESS et les bailleurs de la région.",
    ),
    (
        "CRESS Languedoc-Roussillon",
        "Thomas Roux",
        "34",
        ("Emploi et insertion", "Réponse aux appels à projets"),
        ("Habitat participatif", "Montage de projets inter-bailleurs"),
        "Initier des coopérations économiques entre l'ESS et le logement social.",
    ),
    (
        "ICF Habitat Sud-Est Méditerranée",
        "Isabelle Domas",
        "13",
        ("Souffrance psychique", "Gestion urbaine de proximité"),
        ("Emploi et insertion", "Partenariats associatifs"),
        "Des résidences dédiées à l'insertion : nous cherchons des associations gestionnaires.",
    ),
    (
        "Famille & Provence",
        "Julien Arnaud",
        "13",
        ("Jardins partagés", "Concertation des habitants"),
        ("Emploi et insertion", "Partenariats associatifs"),
        "Encagnane : les habitants premiers acteurs du quartier.",
    ),
    (
        "Erilia",
        "Sandrine Blanc",
        "13",
        ("Lien social", "Gestion urbaine de proximité"),
        ("Économies d'énergie", "Partenariats associatifs"),
        "Un grand bailleur du Sud qui s'ouvre à l'ESS.",
    ),
    (
        "Unicil",
        "Karim Benali",
        "13",
        ("Emploi et insertion", "Gestion urbaine de proximité"),
        ("Lien social", "Animation d'ateliers"),
        "Des clauses d'insertion dans nos marchés d'entretien.",
    ),
    (
        "Grand Delta Habitat",
        "Céline Guérin",
        "84",
        ("Intergénérationnel", "Montage de projets inter-bailleurs"),
        ("Inclusion numérique", "Partenariats associatifs"),
        "Coopérative Hlm : l'habitat intergénérationnel.",
    ),
    (
        "Côte d'Azur Habitat",
        "Marc Giordano",
        "06",
        ("Lien social", "Concertation des habitants"),
        ("Vieillissement et handicap", "Partenariats associatifs"),
        "Office public : adapter les logements au vieillissement.",
    ),
    (
        "Compagnons Bâtisseurs Provence",
        "Élodie Martin",
        "13",
        ("Économies d'énergie", "Animation d'ateliers"),
        ("Lien social", "Gestion urbaine de proximité"),
        "L'auto-réhabilitation accompagnée avec les locataires.",
    ),
    (
        "AFEV",
        "Yann Lefèvre",
        "13",
        ("Lien social", "Animation d'ateliers"),
        ("Intergénérationnel", "Montage de projets inter-bailleurs"),
        "Des étudiants engagés dans les quartiers (Kaps).",
    ),
    (
        "CPIE du Pays d'Aix",
        "Nadia Cherif",
        "13",
        ("Jardins partagés", "Animation d'ateliers"),
        ("Économies d'énergie", "Concertation des habitants"),
        "Jardins partagés et sensibilisation à l'environnement.",
    ),
    (
        "Habitat Cévennes Garrigues",
        "Pierre Chabert",
        "30",
        ("Vieillissement et handicap", "Gestion urbaine de proximité"),
        ("Emploi et insertion", "Partenariats associatifs"),
        "Office du Gard : des logements en zone rurale.",
    ),
    (
        "Hérault Logis Solidaire",
        "Sophie Delmas",
        "34",
        ("Habitat participatif", "Montage de projets inter-bailleurs"),
        ("Habitat participatif", "Concertation des habitants"),
        "Accompagner des projets d'habitat participatif.",
    ),
    (
        "Coop'Toit Méditerranée",
        "Antoine Py",
        "34",
        ("Habitat participatif", "Concertation des habitants"),
        ("Économies d'énergie", "Partenariats associatifs"),
        "Coopérative Hlm : l'accession sociale en coopérative.",
    ),
    (
        "Logis du Comtat",
        "Aurélie Roche",
        "84",
        ("Intergénérationnel", "Gestion urbaine de proximité"),
        ("Inclusion numérique", "Animation d'ateliers"),
        "Des résidences seniors au cœur des villages.",
    ),
    (
        "Azur Maures Habitat",
        "Frédéric Lambert",
        "83",
        ("Lien social", "Gestion urbaine de proximité"),
        ("Mobilité", "Partenariats associatifs"),
        "Des résidences loin des transports : la mobilité d'abord.",
    ),
    (
        "Régie de quartier Nîmes Ouest",
        "Samia Haddad",
        "30",
        ("Emploi et insertion", "Gestion urbaine de proximité"),
        ("Lien social", "Montage de projets inter-bailleurs"),
        "Entretien des espaces communs et emplois d'insertion.",
    ),
    (
        "SCIC Rénov'Habitat Gard",
        "Olivier Brun",
        "30",
        ("Économies d'énergie", "Réponse aux appels à projets"),
        ("Économies d'énergie", "Montage de projets inter-bailleurs"),
        "Rénovation énergétique par des entreprises d'insertion.",
    ),
    (
        "Atelier Bricolage Solidaire Montpellier",
        "Lucie Fournier",
        "34",
        ("Économies d'énergie", "Animation d'ateliers"),
        ("Lien social", "Partenariats associatifs"),
        "Un atelier de bricolage partagé au pied des immeubles.",
    ),
    (
        "Toit d'Abord 34",
        "Hervé Garcia",
        "34",
        ("Souffrance psychique", "Partenariats associatifs"),
        ("Souffrance psychique", "Montage de projets inter-bailleurs"),
        "Le logement d'abord pour les personnes sans abri.",
    ),
    (
        "Bâti-Cœur Insertion",
        "Malik Saïdi",
        "13",
        ("Emploi et insertion", "Réponse aux appels à projets"),
        ("Économies d'énergie", "Gestion urbaine de proximité"),
        "Chantiers d'insertion dans le second œuvre du bâtiment.",
    ),
    (
        "Potagers solidaires du Vidourle",
        "Émilie Bousquet",
        "30",
        ("Jardins partagés", "Animation d'ateliers"),
        ("Jardins partagés", "Concertation des habitants"),
        "Des potagers en pied d'immeuble, cultivés avec les habitants.",
    ),
    (
        "Énergies citoyennes du Languedoc",
        "Vincent Boyer",
        "34",
        ("Économies d'énergie", "Mesure de l'impact social"),
        ("Économies d'énergie", "Partenariats associatifs"),
        "Des toitures solaires financées par les habitants.",
    ),
    (
        "Lien Intergénérations Provence",
        "Josiane Reynaud",
        "13",
        ("Intergénérationnel", "Animation d'ateliers"),
        ("Intergénérationnel", "Concertation des habitants"),
        "Cohabitation entre étudiants et seniors.",
    ),
    (
        "Accueil Logement Urgence Gard",
        "Patrick Molina",
        "30",
        ("Souffrance psychique", "Partenariats associatifs"),
        ("Lien social", "Montage de projets inter-bailleurs"),
        "L'habitat face à l'urgence : des logements passerelles.",
    ),
    (
        "Médiation sociale Marseille Nord",
        "Fatima Belkacem",
        "13",
        ("Lien social", "Concertation des habitants"),
        ("Emploi et insertion", "Gestion urbaine de proximité"),
        "Médiateurs sociaux dans les cités des quartiers nord.",
    ),
    (
        "Numérique solidaire Avignon",
        "Kevin Morel",
        "84",
        ("Inclusion numérique", "Animation d'ateliers"),
        ("Intergénérationnel", "Partenariats associatifs"),
        "Ateliers numériques pour les locataires éloignés d'internet.",
    ),
    (
        "Mobilité partagée Hérault",
        "Laura Sanchez",
        "34",
        ("Mobilité", "Partenariats associatifs"),
        ("Emploi et insertion", "Réponse aux appels à projets"),
        "Garage solidaire et location de véhicules à petit prix.",
    ),
    (
        "Coopérative d'activités Terres d'Emploi",
        "Romain Gilles",
        "30",
        ("Emploi et insertion", "Mesure de l'impact social"),
        ("Lien social", "Partenariats associatifs"),
        "Accompagner les habitants qui créent leur activité.",
    ),
    (
        "Bien vieillir chez soi Vaucluse",
        "Monique Ferrand",
        "84",
        ("Vieillissement et handicap", "Animation d'ateliers"),
        ("Intergénérationnel", "Partenariats associatifs"),
        "Prévention de la perte d'autonomie à domicile.",
    ),
    (
        "Les Bâtisseurs du Lez",
        "David Nguyen",
        "34",
        ("Emploi et insertion", "Gestion urbaine de proximité"),
        ("Économies d'énergie", "Montage de projets inter-bailleurs"),
        "Chantier d'insertion : petits travaux dans les logements vacants.",
    ),
    (
        "Maison de l'habitat participatif Provence",
        "Agnès Pellegrin",
        "13",
        ("Habitat participatif", "Concertation des habitants"),
        ("Habitat participatif", "Réponse aux appels à projets"),
        "Accompagner les groupes d'habitants de l'idée au projet.",
    ),
    (
        "Handi'Logis Gard",
        "Sébastien Roussel",
        "30",
        ("Vieillissement et handicap", "Partenariats associatifs"),
        ("Vieillissement et handicap", "Montage de projets inter-bailleurs"),
        "Trouver un logement adapté : nous faisons le lien.",
    ),
    (
        "SCOP Écoconstruction Camargue",
        "Jérôme Audibert",
        "13",
        ("Économies d'énergie", "Montage de projets inter-bailleurs"),
        ("Habitat participatif", "Partenariats associatifs"),
        "Construction en matériaux biosourcés, en coopérative.",
    ),
]

# Each item: start, end, kind, title, speakers.
NIMES_AGENDA = [
    (T(9, 30), T(9, 45), "welcome", "Accueil", "CRESS PACA, CRESS Languedoc-Roussillon, Macif"),
    (
        T(9, 45),
        T(10, 30),
        "plenary",
        "Le métier de bailleur social",
        "Philippe Oliviero, directeur de l'AR Hlm PACA et Corse",
    ),
    (
        T(10, 30),
        T(12, 30),
        "plenary",
        "Témoignages : habitat participatif, habitat et lien social, habitat face à l'urgence, habitat "
        "et handicap",
        "Stéphan Singer (Mascobado), Sabine Fincato (Régie de quartier services Nord Littoral), "
        "Handitoit Provence et SFHE-Arcade",
    ),
    (T(12, 30), T(14, 0), "lunch", "Déjeuner", ""),
]

NIMES_ROUNDS = 8
NIMES_TABLES = 20
NIMES_SEED = 20151126
# Who could not stay all afternoon: participant index → the rounds they were not free.
NIMES_AWAY = {4: {8}, 11: {1}, 17: {7, 8}, 23: {1}, 30: {8}, 36: {4}}


def _nimes_pairs(count: int, rounds: int) -> list[tuple[int, int, int]]:
    """(round, i, j): the first `rounds` rounds of a round robin (circle method) on `count`
    people, the one left out sitting a round out — requests the afternoon can hold."""
    people = list(range(count)) + ([None] if count % 2 else [])
    n = len(people)
    pairs = []
    for number in range(1, rounds + 1):
        for k in range(n // 2):
            a, b = people[k], people[n - 1 - k]
            if a is not None and b is not None:
                pairs.append((number, min(a, b), max(a, b)))
        people = [people[0], people[-1], *people[1:-1]]
    return pairs


def _load_nimes(*, password, regions, actor) -> FlashSession:
    for name, kind, family, region, departement, about in NIMES_ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": kind,
                "family": family,
                "departement": departement,
                "about": about or NIMES_ABOUT,
            },
        )
        organisation.regions.set([regions[region]])
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    themes = {theme.name: theme for theme in Theme.objects.all()}
    skills = {skill.name: skill for skill in Skill.objects.all()}

    meeting, _ = Meeting.objects.update_or_create(
        kind=Meeting.Kind.EVENT,
        title=NIMES_TITLE,
        date=NIMES_DATE,
        defaults={
            "host": organisations[NIMES_HOST],
            "is_online": False,
            "venue": "Adrèa Mutuelle",
            "city": "Nîmes",
            "start_time": T(9, 30),
            "end_time": T(16, 30),
            "status": Meeting.Status.HELD,
            "capacity": 60,
            "programme_intro": (
                "Dans le cadre du Mois de l'ESS, une meilleure interconnaissance des acteurs de "
                "l'ESS, du logement et de l'habitat, pour initier des partenariats et des "
                "coopérations économiques."
            ),
        },
    )
    meeting.co_organisers.set([organisations[name] for name in NIMES_CO_ORGANISERS])
    _load_agenda(meeting, NIMES_AGENDA)

    hashed = make_password(password) if password else None
    landlords_people = {row[0] for row in landlords_demo.PEOPLE}
    users = []
    for organisation_name, full_name, *_rest in NIMES_PARTICIPANTS:
        if full_name in landlords_people:  # kept as the landlords demo has them
            user = User.objects.get(email=demo_email(full_name))
        else:
            user, created = User.objects.update_or_create(
                email=demo_email(full_name),
                defaults={
                    "full_name": full_name,
                    "organisation": organisations[organisation_name],
                    "is_approved": True,
                },
            )
            if hashed:
                user.password = hashed
            elif created:
                user.set_unusable_password()
            user.save(update_fields=["password"])
            user.emailaddress_set.update_or_create(
                email=user.email, defaults={"verified": True, "primary": True}
            )
        users.append(user)
        Registration.objects.update_or_create(
            meeting=meeting,
            user=user,
            defaults={"status": Registration.Status.CONFIRMED, "attended": True},
        )

    session, _ = FlashSession.objects.update_or_create(
        meeting=meeting,
        defaults={
            "starts_at": T(14, 0),
            "rounds": NIMES_ROUNDS,
            "round_minutes": 12,
            "changeover_minutes": 3,
            "break_after": 4,
            "break_minutes": 15,
            "tables": NIMES_TABLES,
        },
    )
    profiles = []
    for index, (user, row) in enumerate(zip(users, NIMES_PARTICIPANTS, strict=True)):
        _organisation, _name, departement, offers, seeks, sentence = row
        profile, _ = FlashProfile.objects.update_or_create(
            session=session,
            user=user,
            defaults={
                "departement": departement,
                "sentence": sentence,
                "available_rounds": [
                    n for n in range(1, NIMES_ROUNDS + 1) if n not in NIMES_AWAY.get(index, ())
                ],
            },
        )
        profile.offers_themes.set([themes[offers[0]]])
        profile.offers_skills.set([skills[offers[1]]])
        profile.seeks_themes.set([themes[seeks[0]]])
        profile.seeks_skills.set([skills[seeks[1]]])
        profiles.append(profile)

    _load_nimes_requests(session, profiles)
    if session.scheduled_at is None:
        # The organiser opened the session, ran the scheduler and published the schedule the
        # week before; loading the demo again keeps that schedule.
        FlashSession.objects.filter(pk=session.pk).update(status=FlashSession.Status.OPEN)
        session.refresh_from_db()
        flash.schedule_run(actor=actor, session=session)
        FlashSession.objects.filter(pk=session.pk).update(
            status=FlashSession.Status.PUBLISHED,
            scheduled_at=datetime.datetime(2015, 11, 23, 9, tzinfo=datetime.UTC),
            published_at=datetime.datetime(2015, 11, 23, 10, tzinfo=datetime.UTC),
        )
        session.refresh_from_db()
    _qualify_nimes(session)
    _nimes_next_steps(session)
    return session


# What followed some qualified exchanges: next steps written down by one side after the event,
# carried by one of the two organisations, most done since.
NIMES_NEXT_STEPS = [
    ("Visiter une résidence et présenter nos ateliers", Action.Status.DONE),
    ("Envoyer notre plaquette et nos références", Action.Status.DONE),
    ("Répondre ensemble au prochain marché d'entretien des espaces verts", Action.Status.DONE),
    ("Organiser une réunion avec l'équipe de proximité", Action.Status.DONE),
    ("Étudier un local commun résidentiel pour l'association", Action.Status.DROPPED),
    ("Monter un chantier d'insertion sur une réhabilitation", Action.Status.DONE),
    ("Présenter le projet au conseil de concertation locative", Action.Status.DONE),
    ("Partager le cahier des charges d'un logement adapté", Action.Status.IN_PROGRESS),
]


def _nimes_next_steps(session) -> None:
    """A next step on every 15th qualified exchange, due in the first months of 2016."""
    meetings = list(
        session.meetings.filter(qualified_by_first=True, qualified_by_second=True)
        .select_related("first__user", "second__user")
        .order_by("round", "table")[::15]
    )
    for index, meeting in enumerate(meetings):
        title, status = NIMES_NEXT_STEPS[index % len(NIMES_NEXT_STEPS)]
        side = meeting.first if index % 2 else meeting.second
        if side.user.organisation_id is None:
            continue
        Action.objects.update_or_create(
            flash_meeting=meeting,
            title=title,
            defaults={
                "meeting": session.meeting,
                "owner_id": side.user.organisation_id,
                # An open one has no date: it would stay late in a member's space for ever.
                "due_date": None
                if status == Action.Status.IN_PROGRESS
                else datetime.date(2016, 1 + index % 5, 15),
                "status": status,
                "created_at": datetime.datetime(2015, 11, 30, 10, tzinfo=datetime.UTC),
            },
        )


def _load_nimes_requests(session, profiles) -> None:
    """Requests the afternoon can hold (see _nimes_pairs): most accepted, one in four sent both
    ways; a few declined — always those in a round one side was away — or never answered;
    and twenty more, declined or left waiting."""
    rng = random.Random(NIMES_SEED)  # noqa: S311 -- the same demo on every load, not secrets
    away = {profiles[index].pk: rounds for index, rounds in NIMES_AWAY.items()}
    rows = []  # (sender, recipient, status)
    pairs = _nimes_pairs(len(profiles), NIMES_ROUNDS)
    for position, (number, i, j) in enumerate(pairs):
        first, second = profiles[i], profiles[j]
        if rng.random() < 0.5:
            first, second = second, first
        if number in away.get(first.pk, ()) or number in away.get(second.pk, ()):
            rows.append((first, second, FlashRequest.Status.DECLINED))
        elif position % 23 == 7:
            rows.append((first, second, FlashRequest.Status.PENDING))
        elif position % 4 == 1:
            rows.append((first, second, FlashRequest.Status.ACCEPTED))
            rows.append((second, first, FlashRequest.Status.ACCEPTED))
        else:
            rows.append((first, second, FlashRequest.Status.ACCEPTED))
    asked = {(i, j) for _number, i, j in pairs}
    extra = 0
    while extra < 20:
        i, j = sorted(rng.sample(range(len(profiles)), 2))
        if (i, j) in asked:
            continue
        asked.add((i, j))
        status = FlashRequest.Status.DECLINED if extra % 2 else FlashRequest.Status.PENDING
        rows.append((profiles[i], profiles[j], status))
        extra += 1
    answered_at = datetime.datetime(2015, 11, 20, 17, tzinfo=datetime.UTC)
    for sender, recipient, status in rows:
        FlashRequest.objects.update_or_create(
            session=session,
            sender=sender,
            recipient=recipient,
            defaults={
                "status": status,
                "message": "Échangeons sur nos projets communs.",
                "created_at": datetime.datetime(2015, 11, 16, 9, tzinfo=datetime.UTC),
                "answered_at": None if status == FlashRequest.Status.PENDING else answered_at,
            },
        )


def _qualify_nimes(session) -> None:
    """After the event: 135 exchanges qualified by both sides (the seed's count); of the others,
    one side qualified and the other not, or one side did not answer."""
    meetings = list(session.meetings.order_by("round", "table"))
    if len(meetings) < NIMES_QUALIFIED:
        raise RuntimeError(
            f"The demo schedule holds {len(meetings)} meetings, fewer than {NIMES_QUALIFIED}."
        )
    rng = random.Random(NIMES_SEED)  # noqa: S311 -- the same demo on every load, not secrets
    qualified = set(rng.sample(range(len(meetings)), NIMES_QUALIFIED))
    for index, meeting in enumerate(meetings):
        if index in qualified:
            meeting.qualified_by_first, meeting.qualified_by_second = True, True
        elif index % 2:
            meeting.qualified_by_first, meeting.qualified_by_second = True, False
        else:
            meeting.qualified_by_first, meeting.qualified_by_second = None, True
    FlashMeeting.objects.bulk_update(meetings, ["qualified_by_first", "qualified_by_second"])
