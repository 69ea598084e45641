"""Demo clubs and meetings from the seeds: the PACA & Corse club and its seven meetings.

The seeds say the club was launched on 10 October (2019) with Famille & Provence and an
Encagnane visit, that Famille & Provence, Erilia, Unicil, Grand Delta Habitat and Côte d'Azur
Habitat hosted before ICF Habitat Sud-Est Méditerranée, and that the 7th was on 19 June with
La Poste. Seven meetings with five earlier hosts leave one without a host: the 3rd, held online
during the 2020 lockdowns. The 8th Club and the Occitanie club's launch are upcoming meetings
written for the demo; their dates follow today so that the demo always has a next meeting.
The 1st to 6th, before the portal, are archived: their Cahiers were printed, nobody has one to
publish here; the 7th is held and its Cahier published.
"""

import datetime

from django.utils import timezone

from clubs.models import (
    Action,
    AgendaItem,
    Club,
    Meeting,
    Registration,
    RegistrationChoice,
    RoadmapObjective,
    SessionLog,
    Workshop,
)
from landlords.models import Organisation, Region, Residence, Theme, User

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
    # "L'AR Hlm éditera bientôt un « Cahier du Saint Georges »": published for the demo.
    Meeting.objects.filter(pk=meetings[7].pk, cahier_published_at__isnull=True).update(
        cahier_title="Cahier du Saint Georges",
        cahier_published_at=datetime.datetime(2023, 7, 10, 8, tzinfo=datetime.UTC),
    )
    stdout.write(
        f"  2 clubs, {len(PACA_MEETINGS) + len(OCCITANIE_MEETINGS)} meetings, "
        f"{sum(len(w) for w in PACA_WORKSHOPS.values())} workshops and visits, "
        f"{Registration.objects.count()} registrations"
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
