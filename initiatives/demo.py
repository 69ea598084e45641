"""Demo initiatives from the seeds: the 8 Occitanie landlords creating social link, the Encagnane
actions visited at the 1st Club, and the Groupe des Chalets call "Habitat et Initiatives
solidaires" with its 4 laureates and their bilans. Figures not in the seeds (measurements, amounts
of each laureate) are plausible orders of magnitude for the demo, under the seed's 30,000 €."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from clubs.models import Meeting
from initiatives.models import (
    Application,
    Assessment,
    CallForProjects,
    Funding,
    Indicator,
    Initiative,
    Measurement,
    Resource,
    TargetPublic,
)
from initiatives.services import initiative_index
from landlords.models import Organisation, Region, Residence, Theme, User

D = datetime.date

PUBLICS = [
    "Jeunes",
    "Seniors",
    "Familles",
    "Femmes et filles",
    "Étudiants",
    "Tous les habitants",
    "Personnes éloignées de l'emploi",
]

CALL = {
    "title": "Habitat et Initiatives solidaires",
    "organiser": "Groupe des Chalets",
    "rules": (
        "Appel à projets du Groupe des Chalets, né de son projet d'entreprise « Ensemble Chalets "
        "2025 » pour renforcer son engagement dans l'économie sociale et solidaire. Objectifs : "
        "créer des synergies entre les besoins des habitants et les structures qui apportent des "
        "services ; identifier des acteurs émergents, innovants, sur la mobilité et la "
        "coopération entre habitants ; soutenir des projets aux modèles économiques à terme "
        "autonomes. Les lauréats rendent des bilans intermédiaires puis un bilan final."
    ),
    "ceiling": 30000,
    "opens_on": D(2021, 3, 1),
    "closes_on": D(2021, 5, 31),
    "themes": ["Mobilité", "Lien social"],
}

# Each initiative: lead, title, summary, themes, publics, partners, residences, commune,
# département, region, QPV, status, start, visibility, indicators
# [(name, unit, baseline, target, [(date, value)])], call application (amount, bilans)
INITIATIVES = [
    {
        "lead": "La Cité Jardins",
        "title": "Ateliers jardins comestibles à l'Enclos de Lardenne",
        "summary": (
            "Des ateliers collaboratifs apprennent aux locataires volontaires à exploiter les "
            "espaces plantés de leur résidence : plantes comestibles, entretien, cuisine."
        ),
        "description": (
            "Un projet d'innovation sociale qui sensibilise à la biodiversité et au « bien "
            "manger ». Sa finalité première : créer des espaces de convivialité et de lien social."
        ),
        "themes": ["Jardins partagés", "Lien social"],
        "publics": ["Tous les habitants"],
        "partners": [],
        "residences": ["L'Enclos de Lardenne"],
        "commune": "Toulouse",
        "departement": "31",
        "status": Initiative.Status.RUNNING,
        "start": D(2022, 4, 1),
        "indicators": [
            ("participants", "personnes", 0, 30, [(D(2022, 6, 1), 8), (D(2023, 6, 1), 17)]),
        ],
    },
    {
        "lead": "OPH 31",
        "title": "Jardins partagés du Soumès",
        "summary": (
            "Au pied de la résidence du Soumès, près de 1 000 m² de terrain rendus cultivables "
            "avec des partenaires associatifs ; les locataires s'y réunissent pour jardiner."
        ),
        "themes": ["Jardins partagés", "Lien social"],
        "publics": ["Tous les habitants"],
        "partners": [],
        "residences": ["Le Soumès"],
        "commune": "Saint-Gaudens",
        "departement": "31",
        "status": Initiative.Status.RUNNING,
        "start": D(2022, 1, 15),
        "indicators": [
            ("surface cultivée", "m²", 0, 1000, [(D(2022, 3, 1), 400), (D(2022, 9, 1), 1000)]),
            ("participants", "personnes", 0, 25, [(D(2022, 6, 1), 12), (D(2023, 6, 1), 19)]),
        ],
    },
    {
        "lead": "Toulouse Métropole Habitat",
        "title": "Agriculture urbaine à Bagatelle",
        "summary": (
            "Un quatrième site d'agriculture urbaine : des espaces verts inutilisés de deux "
            "résidences deviennent des potagers gérés par un maraîcher avec les habitants."
        ),
        "description": (
            "Des légumes de qualité, gratuits pour les locataires et sans augmentation de charges ; "
            "les jardins deviennent des lieux d'échanges et de convivialité."
        ),
        "themes": ["Jardins partagés", "Lien social"],
        "publics": ["Familles", "Tous les habitants"],
        "partners": [],
        "residences": ["Bagatelle Nord", "Bagatelle Sud"],
        "commune": "Toulouse",
        "departement": "31",
        "in_qpv": True,
        "status": Initiative.Status.RUNNING,
        "start": D(2023, 3, 1),
        "indicators": [
            ("foyers bénéficiaires", "foyers", 0, 120, [(D(2023, 7, 1), 45), (D(2024, 7, 1), 88)]),
        ],
    },
    {
        "lead": "Mésolia",
        "title": "Sport pour les seniors de La Tour",
        "summary": (
            "Dans la résidence intergénérationnelle de La Tour, un coach vient chaque semaine : "
            "marche nordique, relaxation, gymnastique, avec les locataires seniors."
        ),
        "description": "« En faisant du sport tous ensemble, on vieillit moins vite. »",
        "themes": ["Sport et santé", "Intergénérationnel"],
        "publics": ["Seniors"],
        "partners": [],
        "residences": ["La Tour"],
        "commune": "Mondonville",
        "departement": "31",
        "status": Initiative.Status.RUNNING,
        "start": D(2022, 9, 1),
        "indicators": [
            ("participants", "personnes", 0, 20, [(D(2022, 12, 1), 9), (D(2023, 6, 1), 14)]),
        ],
    },
    {
        "lead": "Tarn-et-Garonne Habitat",
        "title": "Stages multi-activités avec Beach Soccer 82",
        "summary": (
            "Chaque année, une centaine de jeunes locataires de plusieurs quartiers de Montauban "
            "profitent de stages sportifs à moindre coût pendant les vacances scolaires."
        ),
        "themes": ["Sport et santé"],
        "publics": ["Jeunes"],
        "partners": ["Beach Soccer 82"],
        "residences": [],
        "commune": "Montauban",
        "departement": "82",
        "status": Initiative.Status.RUNNING,
        "start": D(2019, 7, 1),
        "indicators": [
            (
                "participants",
                "jeunes",
                0,
                100,
                [(D(2021, 9, 1), 70), (D(2022, 9, 1), 95), (D(2023, 9, 1), 104)],
            ),
        ],
    },
    {
        "lead": "Groupe des Chalets",
        "title": "Les jeunes locataires à l'Amos Women's French Cup",
        "summary": (
            "90 enfants de quartiers toulousains en ateliers sportifs, puis bénévoles et "
            "spectateurs d'un tournoi de football féminin : l'égalité femmes-hommes par le sport."
        ),
        "themes": ["Sport et santé"],
        "publics": ["Jeunes", "Femmes et filles"],
        "partners": ["Amos Women's French Cup"],
        "residences": [],
        "commune": "Toulouse",
        "departement": "31",
        "status": Initiative.Status.COMPLETED,
        "start": D(2023, 7, 1),
        "end": D(2023, 8, 31),
        "indicators": [("participants", "enfants", 0, 90, [(D(2023, 8, 31), 90)])],
    },
    {
        "lead": "Sud Massif Central Habitat",
        "title": "Une salle commune ouverte au quartier",
        "summary": (
            "Dans un bâtiment intergénérationnel de 18 logements, une salle commune animée par "
            "le CCAS, ouverte aux locataires et aux autres habitants du quartier."
        ),
        "themes": ["Lien social", "Intergénérationnel"],
        "publics": ["Seniors", "Tous les habitants"],
        "partners": ["CCAS d'Onet-le-Château"],
        "residences": ["Résidence intergénérationnelle"],
        "commune": "Onet-le-Château",
        "departement": "12",
        "status": Initiative.Status.RUNNING,
        "start": D(2021, 10, 1),
        "indicators": [],
    },
    {
        "lead": "Altéal",
        "title": "Un espace emploi au Grand Val d'Aran",
        "summary": (
            "Un espace dédié à l'emploi, animé par le Club d'Entreprises de l'Ouest toulousain, "
            "accueille et oriente les habitants éloignés de l'emploi dans leurs démarches."
        ),
        "themes": ["Emploi et insertion"],
        "publics": ["Personnes éloignées de l'emploi"],
        "partners": ["Club d'Entreprises de l'Ouest toulousain (CEO)"],
        "residences": ["Grand Val d'Aran"],
        "commune": "Colomiers",
        "departement": "31",
        "in_qpv": True,
        "status": Initiative.Status.RUNNING,
        "start": D(2022, 5, 1),
        "indicators": [
            (
                "personnes accompagnées",
                "personnes",
                0,
                60,
                [(D(2022, 12, 1), 24), (D(2023, 12, 1), 51)],
            ),
            ("retours à l'emploi ou en formation", "personnes", 0, 20, [(D(2023, 12, 1), 13)]),
        ],
    },
    # PACA: the actions visited at Encagnane on 10 October 2019.
    {
        "lead": "Famille & Provence",
        "title": "Jardins partagés d'Encagnane",
        "summary": "Des jardins partagés au cœur du quartier, animés par le CPIE du Pays d'Aix.",
        "themes": ["Jardins partagés", "Lien social"],
        "publics": ["Tous les habitants"],
        "partners": ["CPIE du Pays d'Aix"],
        "residences": ["Encagnane"],
        "commune": "Aix-en-Provence",
        "departement": "13",
        "in_qpv": True,
        "status": Initiative.Status.RUNNING,
        "start": D(2018, 4, 1),
        "indicators": [],
    },
    {
        "lead": "Famille & Provence",
        "title": "Easi pour tous",
        "summary": (
            "Une plateforme de Famille & Provence pour accompagner les initiatives des habitants."
        ),
        "themes": ["Inclusion numérique", "Lien social"],
        "publics": ["Tous les habitants"],
        "partners": [],
        "residences": ["Encagnane"],
        "commune": "Aix-en-Provence",
        "departement": "13",
        "in_qpv": True,
        "status": Initiative.Status.RUNNING,
        "start": D(2019, 1, 1),
        "indicators": [],
    },
    {
        "lead": "Famille & Provence",
        "title": "Kaps : kolocations à projets solidaires",
        "summary": (
            "Avec l'AFEV, des étudiants logés par le bailleur s'engagent en faveur du quartier."
        ),
        "themes": ["Lien social", "Intergénérationnel"],
        "publics": ["Étudiants"],
        "partners": ["AFEV"],
        "residences": ["Encagnane"],
        "commune": "Aix-en-Provence",
        "departement": "13",
        "in_qpv": True,
        "status": Initiative.Status.RUNNING,
        "start": D(2017, 9, 1),
        "indicators": [],
    },
    {
        "lead": "Famille & Provence",
        "title": "Auto-réhabilitation accompagnée à Encagnane",
        "summary": (
            "Les Compagnons Bâtisseurs accompagnent les locataires qui rénovent eux-mêmes leur "
            "logement."
        ),
        "themes": ["Économies d'énergie", "Lien social"],
        "publics": ["Familles"],
        "partners": ["Compagnons Bâtisseurs Provence"],
        "residences": ["Encagnane"],
        "commune": "Aix-en-Provence",
        "departement": "13",
        "in_qpv": True,
        "status": Initiative.Status.RUNNING,
        "start": D(2018, 1, 1),
        "visibility": Initiative.Visibility.MEMBERS,
        "indicators": [],
    },
    # The 4 laureates of "Habitat et Initiatives solidaires".
    {
        "lead": "Groupe des Chalets",
        "title": "Diagnostic mobilité à Salies-du-Salat avec Wimoov",
        "summary": (
            "Wimoov a mené un diagnostic de mobilité auprès des résidences Le Donjon, Crocus, "
            "Lupins et Narcisses, partagé avec les collectivités territoriales."
        ),
        "themes": ["Mobilité"],
        "publics": ["Tous les habitants"],
        "partners": ["Wimoov"],
        "residences": ["Le Donjon", "Crocus", "Lupins", "Narcisses"],
        "commune": "Salies-du-Salat",
        "departement": "31",
        "status": Initiative.Status.STOPPED,
        "start": D(2021, 9, 1),
        "end": D(2022, 6, 30),
        "indicators": [],
        "application": (
            6000,
            D(2022, 9, 30),
            [
                (
                    Assessment.Kind.FINAL,
                    D(2022, 9, 15),
                    "L'action ne se poursuit pas, mais elle a démontré la coopération entre le "
                    "Groupe des Chalets et les collectivités, avec qui le diagnostic a été "
                    "partagé.",
                )
            ],
        ),
    },
    {
        "lead": "Groupe des Chalets",
        "title": "Autopartage Citiz pour les habitants des Chalets",
        "summary": (
            "Des abonnements à l'autopartage Citiz subventionnés, étendus à l'ensemble des "
            "habitants des Chalets ; les collaborateurs ont aussi été sensibilisés."
        ),
        "themes": ["Mobilité"],
        "publics": ["Tous les habitants"],
        "partners": ["Citiz"],
        "residences": [],
        "commune": "Toulouse",
        "departement": "31",
        "status": Initiative.Status.RUNNING,
        "start": D(2021, 9, 1),
        "indicators": [
            (
                "abonnements subventionnés",
                "abonnements",
                0,
                50,
                [(D(2022, 3, 1), 12), (D(2022, 12, 1), 31)],
            ),
        ],
        "application": (
            7500,
            D(2022, 12, 31),
            [
                (
                    Assessment.Kind.INTERMEDIATE,
                    D(2022, 12, 15),
                    "Résultats satisfaisants : le bénéfice des abonnements subventionnés est "
                    "étendu à l'ensemble des habitants des Chalets.",
                )
            ],
        ),
    },
    {
        "lead": "Groupe des Chalets",
        "title": "Particules élémentaires à Marvig",
        "summary": (
            "Le projet de Solidarité Villes dans le quartier Saouzelong-Rangueil : la "
            "convivialité à tous les étages, jusqu'à la kermesse de juin de la résidence."
        ),
        "themes": ["Lien social"],
        "publics": ["Tous les habitants", "Familles"],
        "partners": ["Solidarité Villes"],
        "residences": ["Marvig"],
        "commune": "Toulouse",
        "departement": "31",
        "status": Initiative.Status.RUNNING,
        "start": D(2021, 10, 1),
        "indicators": [("participants à la kermesse", "personnes", 0, 80, [(D(2022, 6, 25), 65)])],
        "application": (
            8000,
            D(2022, 12, 31),
            [
                (
                    Assessment.Kind.INTERMEDIATE,
                    D(2022, 7, 5),
                    "La convivialité s'est invitée à tous les étages en juin à la kermesse de la "
                    "résidence Marvig. C'est une réussite.",
                )
            ],
        ),
    },
    {
        "lead": "Groupe des Chalets",
        "title": "Compost et jardinage avec Circuits Verts",
        "summary": (
            "Des moments de coopération entre habitants autour du compost, du jardinage et de "
            "l'entretien des espaces verts, sur un modèle économique pérenne."
        ),
        "themes": ["Jardins partagés", "Lien social"],
        "publics": ["Tous les habitants"],
        "partners": ["Circuits Verts"],
        "residences": [],
        "commune": "Toulouse",
        "departement": "31",
        "status": Initiative.Status.RUNNING,
        "start": D(2021, 10, 1),
        "indicators": [
            (
                "composteurs installés",
                "composteurs",
                0,
                10,
                [(D(2022, 4, 1), 3), (D(2022, 10, 1), 7)],
            ),
        ],
        "application": (
            7000,
            D(2022, 12, 31),
            [
                (
                    Assessment.Kind.INTERMEDIATE,
                    D(2022, 11, 20),
                    "Circuits Verts est exemplaire de l'ensemble des objectifs de l'appel : son "
                    "modèle économique est pérenne.",
                )
            ],
        ),
    },
]


def minimal_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica, Windows-1252 text) for the demo toolbox."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 16 Tf 56 780 Td ({escape(title)}) Tj ET"]
    for index, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 56 {744 - 18 * index} Td ({escape(line)}) Tj ET")
    stream = "\n".join(text).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# title, kind, description, link, themes, initiatives, workshop titles, visibility, PDF lines
RESOURCES = [
    (
        "Convention type entre bailleur et association gestionnaire",
        Resource.Kind.TEMPLATE,
        "Le modèle partagé par ICF Habitat Sud-Est Méditerranée après l'atelier « Résidences "
        "et souffrance psychique » du 7e Club.",
        "",
        ["Souffrance psychique"],
        [],
        ["Résidences et souffrance psychique"],
        Initiative.Visibility.MEMBERS,
        [
            "Article 1 - Objet : la gestion d'une résidence d'insertion.",
            "Article 2 - Engagements du bailleur : logements, espaces collectifs, entretien.",
            "Article 3 - Engagements de l'association : animation, accompagnement, lien social.",
            "Article 4 - Comité de suivi : réunions trimestrielles avec les élus locaux.",
        ],
    ),
    (
        "Monter un jardin partagé en pied d'immeuble",
        Resource.Kind.GUIDE,
        "Les étapes vues à Encagnane avec le CPIE du Pays d'Aix : associer les habitants, "
        "choisir le terrain, organiser l'entretien.",
        "https://www.jardins-partages.org",
        ["Jardins partagés"],
        ["Jardins partagés d'Encagnane", "Jardins partagés du Soumès"],
        [],
        Initiative.Visibility.PUBLIC,
        [],
    ),
    (
        "L'innovation sociale dans le secteur Hlm",
        Resource.Kind.LINK,
        "L'étude présentée par l'Union sociale pour l'habitat au lancement du club.",
        "https://www.union-habitat.org",
        ["Lien social"],
        [],
        [],
        Initiative.Visibility.PUBLIC,
        [],
    ),
]


@transaction.atomic
def load(*, password: str | None, stdout) -> None:
    organisations = {o.name: o for o in Organisation.objects.all()}
    themes = {t.name: t for t in Theme.objects.all()}
    occitanie = Region.objects.get(code="occitanie")
    paca = Region.objects.get(code="paca")
    publics = {}
    for name in PUBLICS:
        publics[name], _ = TargetPublic.objects.update_or_create(
            slug=slugify(name), defaults={"name": name}
        )
    call, _ = CallForProjects.objects.update_or_create(
        slug=slugify(CALL["title"]),
        defaults={
            "title": CALL["title"],
            "organiser": organisations[CALL["organiser"]],
            "rules": CALL["rules"],
            "ceiling": CALL["ceiling"],
            "opens_on": CALL["opens_on"],
            "closes_on": CALL["closes_on"],
            "status": CallForProjects.Status.DECIDED,
            "results_published_at": datetime.datetime(2021, 7, 1, 8, tzinfo=datetime.UTC),
        },
    )
    call.themes.set([themes[name] for name in CALL["themes"]])
    erales = User.objects.filter(full_name="Stéphanie Erales").first()
    created_at = timezone.now()
    for index, row in enumerate(INITIATIVES):
        lead = organisations[row["lead"]]
        initiative, _ = Initiative.objects.update_or_create(
            slug=slugify(row["title"]),
            defaults={
                "title": row["title"],
                "summary": row["summary"],
                "description": row.get("description", ""),
                "lead": lead,
                "commune": row["commune"],
                "departement": row["departement"],
                "region": paca if row["departement"] == "13" else occitanie,
                "in_qpv": row.get("in_qpv", False),
                "status": row["status"],
                "start_date": row["start"],
                "end_date": row.get("end"),
                "visibility": row.get("visibility", Initiative.Visibility.PUBLIC),
                "created_at": created_at - datetime.timedelta(days=index),
            },
        )
        initiative.themes.set([themes[name] for name in row["themes"]])
        initiative.publics.set([publics[name] for name in row["publics"]])
        initiative.partners.set([organisations[name] for name in row["partners"]])
        initiative.residences.set(
            Residence.objects.filter(landlord=lead, name__in=row["residences"])
        )
        for name, unit, baseline, target, measurements in row["indicators"]:
            indicator, _ = Indicator.objects.update_or_create(
                initiative=initiative,
                name=name,
                defaults={"unit": unit, "baseline": baseline, "target": target},
            )
            for date, value in measurements:
                Measurement.objects.update_or_create(
                    indicator=indicator, date=date, defaults={"value": value}
                )
        if "application" in row:
            amount, due, bilans = row["application"]
            # The laureate is the partner who applied (Wimoov, Citiz…), not the call's organiser.
            Application.objects.update_or_create(
                call=call,
                initiative=initiative,
                defaults={
                    "applicant": organisations[row["partners"][0]],
                    "title": row["title"],
                    "summary": row["summary"],
                    "status": Application.Status.LAUREATE,
                    "amount_awarded": amount,
                    "bilan_due_on": due,
                },
            )
            Funding.objects.update_or_create(
                initiative=initiative,
                funder=call.organiser,
                call=call,
                defaults={"amount": amount},
            )
            for kind, date, text in bilans:
                if erales:
                    Assessment.objects.update_or_create(
                        initiative=initiative,
                        kind=kind,
                        date=date,
                        defaults={"text": text, "author": erales, "call": call},
                    )
        if row["departement"] == "13":  # the Encagnane actions, visited at the 1st Club
            initiative.presented_at.set(Meeting.objects.filter(club__slug="paca-corse", number=1))
        initiative_index(initiative)
    _load_resources(themes)
    stdout.write(
        f"  {len(INITIATIVES)} initiatives, 1 call for projects with "
        f"{call.applications.count()} laureates, {len(RESOURCES)} toolbox resources"
    )


def _load_resources(themes) -> None:
    from django.core.files.base import ContentFile

    from clubs.models import Workshop

    author = User.objects.filter(full_name="Isabelle Domas").first()
    for row in RESOURCES:
        title, kind, description, url, theme_names, initiatives, workshops, visibility, lines = row
        resource = Resource.objects.filter(title=title).first() or Resource(title=title)
        resource.kind, resource.description, resource.url = kind, description, url
        resource.visibility, resource.added_by = visibility, author
        if lines and not resource.file:
            resource.filename = slugify(title)[:100] + ".pdf"
            resource.file.save(
                f"{slugify(title)[:60]}.pdf", ContentFile(minimal_pdf(title, lines)), save=False
            )
        resource.save()
        resource.themes.set([themes[name] for name in theme_names])
        resource.initiatives.set(Initiative.objects.filter(title__in=initiatives))
        resource.workshops.set(Workshop.objects.filter(title__in=workshops))
