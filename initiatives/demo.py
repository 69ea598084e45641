"""Demo initiatives from the seeds: the 8 Occitanie landlords creating social link, the Encagnane
actions visited at the 1st Club, and the Groupe des Chalets call "Habitat et Initiatives
solidaires" as it went: seven applications (the 4 laureates, each as its own organisation, and 3
not retained), a jury of three and their scores, the decisions, the laureates' funding and their
bilans. Also an AR Hlm call open today, with a draft and a submitted application, to try the flow.
Figures not in the seeds (measurements, budgets, scores, the amount of each laureate) are
plausible orders of magnitude for the demo, 28,500 € in all under the seed's 30,000 €."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from clubs.models import Meeting
from initiatives.models import (
    Application,
    Assessment,
    Attachment,
    CallForProjects,
    Criterion,
    Funding,
    Indicator,
    Initiative,
    Measurement,
    Photo,
    PlannedIndicator,
    Resource,
    Review,
    ReviewScore,
    TargetPublic,
)
from initiatives.services import PHOTO_RULES, initiative_index
from landlords.models import Organisation, Region, Residence, Theme, User
from places.selectors import commune_named

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

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


# The Groupe des Chalets call of the seed: three objectives (the criteria), under 30,000 € in all.
CALL = {
    "title": "Habitat et Initiatives solidaires",
    "organiser": "Groupe des Chalets",
    "summary": (
        "Le Groupe des Chalets soutient des acteurs de l'économie sociale et solidaire qui "
        "apportent à ses habitants des réponses sur la mobilité et la coopération."
    ),
    "rules": (
        "Appel à projets du Groupe des Chalets, né de son projet d'entreprise « Ensemble Chalets "
        "2025 » pour renforcer son engagement dans l'économie sociale et solidaire. Objectifs : "
        "créer des synergies entre les besoins des habitants et les structures qui apportent des "
        "services ; identifier des acteurs émergents, innovants, sur la mobilité et la "
        "coopération entre habitants ; soutenir des projets aux modèles économiques à terme "
        "autonomes. Jusqu'à 10 000 € par projet, moins de 30 000 € en tout. Les lauréats rendent "
        "des bilans intermédiaires puis un bilan final."
    ),
    "ceiling": 10000,
    "total_budget": 30000,
    "opens_on": D(2021, 3, 1),
    "closes_on": D(2021, 5, 31),
    "themes": ["Mobilité", "Lien social"],
    "eligible": CallForProjects.Eligible.BOTH,
    "documents": ["Budget prévisionnel", "Lettre d'engagement du partenaire"],
    # title, what the jury looks at, weight
    "criteria": [
        (
            "Synergies entre les besoins des habitants et les services",
            "Le projet relie les besoins des habitants des résidences à des structures qui "
            "existent et leur apportent des services.",
            2,
        ),
        (
            "Acteur émergent et innovant sur la mobilité ou la coopération",
            "Un acteur en émergence, dynamique, qui met en place de nouveaux outils (animations, "
            "manifestations) pour la qualité de l'atmosphère résidentielle.",
            2,
        ),
        (
            "Modèle économique à terme autonome",
            "Le projet peut se poursuivre sans l'aide de l'appel : recettes, partenaires, relais.",
            1,
        ),
    ],
    # None of them belongs to an applicant: no conflict of interest.
    "jurors": ["Stéphanie Erales", "Robin Hamadi", "Philippe Oliviero"],
    "decided_at": at(2021, 6, 28),
    "results_published_at": datetime.datetime(2021, 7, 1, 8, tzinfo=datetime.UTC),
}

# Each application of the Chalets call, by its own organisation: project fields, planned
# indicators (name, unit, target), the date it was submitted, the jury's scores (one per
# criterion, jurors in CALL["jurors"] order, with a comment), then the decision: a laureate's
# amount, initiative, bilans due and bilans (kind, date, text); or the reason it was not retained.
# The amounts awarded add up to 28,500 €.
CHALETS_APPLICATIONS = [
    {
        "applicant": "Wimoov",
        "title": "Diagnostic des besoins de mobilité à Salies-du-Salat",
        "summary": (
            "Wimoov rencontre les locataires des résidences Le Donjon, Crocus, Lupins et "
            "Narcisses pour établir un diagnostic de leurs besoins de mobilité, puis le partage "
            "avec les collectivités territoriales pour construire des solutions."
        ),
        "objectives": (
            "Synergies : relier des habitants éloignés des transports aux services de mobilité "
            "qui existent (transport à la demande, aide au permis, location solidaire). "
            "Coopération : un diagnostic partagé entre le bailleur et les collectivités."
        ),
        "territory": "Salies-du-Salat (31), Comminges",
        "residences": ["Le Donjon", "Crocus", "Lupins", "Narcisses"],
        "publics": ["Tous les habitants", "Personnes éloignées de l'emploi"],
        "budget": 15000,
        "asked": 7500,
        "co_financing": "Fonds propres de Wimoov ; les collectivités associées au diagnostic.",
        "indicators": [
            ("ménages rencontrés", "ménages", 60),
            ("diagnostics partagés avec les collectivités", "diagnostics", 1),
        ],
        "submitted_at": at(2021, 5, 20, 16),
        "reviews": [
            (
                (4, 4, 2),
                "Un diagnostic utile aux collectivités ; la suite dépendra de leur relais.",
            ),
            ((5, 3, 2), "Très bon ancrage territorial, modèle économique fragile."),
            ((4, 4, 3), "Une méthode éprouvée, à partager avec les autres bailleurs."),
        ],
        "awarded": 6000,
        "initiative": "Diagnostic mobilité à Salies-du-Salat avec Wimoov",
        "intermediate_due": D(2022, 3, 31),
        "final_due": D(2022, 9, 30),
        "bilans": [
            (
                Assessment.Kind.FINAL,
                D(2022, 9, 15),
                "L'action ne se poursuit pas, mais elle a démontré la coopération entre le "
                "Groupe des Chalets et les collectivités, avec qui le diagnostic a été "
                "partagé.",
            )
        ],
    },
    {
        "applicant": "Citiz",
        "title": "Autopartage Citiz pour les habitants des Chalets",
        "summary": (
            "Des abonnements Citiz subventionnés pour que les habitants disposent d'une voiture "
            "partagée sans en posséder une ; les collaborateurs du Groupe des Chalets sont "
            "sensibilisés à l'autopartage."
        ),
        "objectives": (
            "Synergies : un service de mobilité qui existe, ouvert aux habitants à moindre coût. "
            "Coopération : des voitures partagées entre voisins. Modèle : à terme, l'usager paie "
            "son abonnement."
        ),
        "territory": "Toulouse et sa métropole (31)",
        "residences": [],
        "publics": ["Tous les habitants", "Familles"],
        "budget": 22000,
        "asked": 7500,
        "co_financing": (
            "Recettes des abonnements et des locations ; le Groupe des Chalets prend en charge "
            "les abonnements de ses collaborateurs."
        ),
        "indicators": [
            ("abonnements subventionnés", "abonnements", 50),
            ("collaborateurs sensibilisés", "personnes", 40),
        ],
        "submitted_at": at(2021, 5, 27, 11),
        "reviews": [
            ((5, 4, 4), "Une réponse concrète à la mobilité, à étendre à tous nos habitants."),
            ((4, 4, 4), "Une coopérative solide, un modèle économique crédible."),
            ((4, 3, 5), "Peu émergent, mais très utile et autonome."),
        ],
        "awarded": 7500,
        "initiative": "Autopartage Citiz pour les habitants des Chalets",
        "intermediate_due": D(2022, 12, 31),
        "final_due": D(2023, 12, 31),
        "bilans": [
            (
                Assessment.Kind.INTERMEDIATE,
                D(2022, 12, 15),
                "Résultats satisfaisants : le bénéfice des abonnements subventionnés est "
                "étendu à l'ensemble des habitants des Chalets.",
            )
        ],
    },
    {
        "applicant": "Solidarité Villes",
        "title": "Particules élémentaires",
        "summary": (
            "À la résidence Marvig, dans le quartier Saouzelong-Rangueil, des animations d'étage "
            "en étage pour que les voisins se rencontrent, jusqu'à une kermesse de la résidence "
            "en juin."
        ),
        "objectives": (
            "Coopération entre habitants : de nouveaux outils (animations, manifestations) pour "
            "la qualité de l'atmosphère résidentielle. Synergies : les associations du quartier "
            "associées aux animations."
        ),
        "territory": "Toulouse, quartier Saouzelong-Rangueil (31)",
        "residences": ["Marvig"],
        "publics": ["Tous les habitants", "Familles"],
        "budget": 14000,
        "asked": 9000,
        "co_financing": (
            "Ville de Toulouse (demande de subvention déposée) ; bénévolat des habitants valorisé."
        ),
        "indicators": [
            ("participants à la kermesse", "personnes", 80),
            ("animations d'étage", "animations", 10),
        ],
        "submitted_at": at(2021, 5, 31, 18),
        "reviews": [
            ((5, 5, 3), "La convivialité à tous les étages : exactement l'esprit de l'appel."),
            ((4, 5, 3), "Une démarche innovante, à suivre sur la durée."),
            (
                (5, 4, 2),
                "Très bon projet ; le financement après la première année reste à trouver.",
            ),
        ],
        "awarded": 8000,
        "initiative": "Particules élémentaires à Marvig",
        "intermediate_due": D(2022, 12, 31),
        "final_due": D(2023, 12, 31),
        "bilans": [
            (
                Assessment.Kind.INTERMEDIATE,
                D(2022, 7, 5),
                "La convivialité s'est invitée à tous les étages en juin à la kermesse de la "
                "résidence Marvig. C'est une réussite.",
            )
        ],
    },
    {
        "applicant": "Circuits Verts",
        "title": "Compost, jardinage et espaces verts partagés",
        "summary": (
            "Des animations autour du compost, du jardinage et de l'entretien des espaces verts "
            "qui créent des moments de coopération entre habitants, sur un modèle économique "
            "pérenne."
        ),
        "objectives": (
            "Les trois objectifs : des habitants et une association de services réunis ; de "
            "nouvelles animations au pied des immeubles ; un modèle économique autonome, porté "
            "par les prestations d'entretien des espaces verts."
        ),
        "territory": "Toulouse (31)",
        "residences": [],
        "publics": ["Tous les habitants"],
        "budget": 12500,
        "asked": 8000,
        "co_financing": "Prestations d'entretien des espaces verts ; ateliers payants hors résidences.",
        "indicators": [
            ("composteurs installés", "composteurs", 10),
            ("habitants participant aux ateliers", "personnes", 60),
        ],
        "submitted_at": at(2021, 5, 12, 9),
        "reviews": [
            ((5, 4, 5), "Exemplaire des trois objectifs de l'appel."),
            ((5, 5, 5), "Le modèle économique le plus solide de l'appel."),
            ((4, 4, 5), "Pérenne, et reproductible chez d'autres bailleurs."),
        ],
        "awarded": 7000,
        "initiative": "Compost et jardinage avec Circuits Verts",
        "intermediate_due": D(2022, 12, 31),
        "final_due": D(2023, 12, 31),
        "bilans": [
            (
                Assessment.Kind.INTERMEDIATE,
                D(2022, 11, 20),
                "Circuits Verts est exemplaire de l'ensemble des objectifs de l'appel : son "
                "modèle économique est pérenne.",
            )
        ],
    },
    # Not retained.
    {
        "applicant": "Club d'Entreprises de l'Ouest toulousain (CEO)",
        "title": "Covoiturage solidaire vers l'emploi",
        "summary": (
            "Un covoiturage entre salariés des entreprises du club et habitants en recherche "
            "d'emploi, pour se rendre aux entretiens et aux premières semaines de travail."
        ),
        "objectives": (
            "Mobilité des habitants éloignés de l'emploi ; synergies avec les entreprises de "
            "l'ouest toulousain."
        ),
        "territory": "Colomiers et ouest toulousain (31)",
        "residences": [],
        "publics": ["Personnes éloignées de l'emploi"],
        "budget": 20000,
        "asked": 10000,
        "co_financing": "Cotisations des entreprises membres du club (à confirmer).",
        "indicators": [
            ("trajets partagés", "trajets", 300),
            ("habitants accompagnés", "personnes", 40),
        ],
        "submitted_at": at(2021, 5, 25, 15),
        "reviews": [
            ((3, 2, 1), "Intéressant, mais loin de nos résidences."),
            ((3, 3, 1), "Une idée pertinente, un modèle économique à construire."),
            ((2, 2, 2), "Un projet à mûrir avec un bailleur du territoire."),
        ],
        "reason": (
            "Le jury salue l'idée, mais le projet ne nomme aucune résidence du Groupe des Chalets "
            "et son financement après l'appel n'est pas assuré (cotisations à confirmer). Il "
            "vous encourage à le présenter de nouveau avec un bailleur de Colomiers."
        ),
    },
    {
        "applicant": "Beach Soccer 82",
        "title": "Tournois inter-résidences de beach soccer",
        "summary": (
            "Des tournois de beach soccer entre jeunes de plusieurs résidences, pendant les "
            "vacances scolaires, pour que les quartiers se rencontrent."
        ),
        "objectives": "Coopération entre jeunes habitants de résidences différentes.",
        "territory": "Montauban (82)",
        "residences": [],
        "publics": ["Jeunes"],
        "budget": 9000,
        "asked": 6000,
        "co_financing": "Inscriptions des participants ; sponsors locaux.",
        "indicators": [
            ("jeunes participants", "jeunes", 80),
            ("tournois organisés", "tournois", 4),
        ],
        "submitted_at": at(2021, 5, 18, 14),
        "reviews": [
            ((2, 2, 3), "Un bon projet sportif, hors du champ de l'appel."),
            ((1, 2, 3), "Peu de lien avec la mobilité ou la vie des résidences."),
            ((2, 1, 2), "À présenter plutôt à un bailleur de Montauban."),
        ],
        "reason": (
            "Un projet sportif de qualité, mais hors des thématiques de l'appel (la mobilité, la "
            "coopération entre habitants) et sans résidence du Groupe des Chalets concernée."
        ),
    },
    {
        "applicant": "Mascobado",
        "created_by": "Stéphan Singer",
        "title": "Ateliers d'habitat participatif à la Cartoucherie",
        "summary": (
            "Des ateliers pour que les habitants de la Cartoucherie conçoivent ensemble leurs "
            "espaces partagés et leurs règles de vie, sur le modèle de Mascobado aux Grisettes."
        ),
        "objectives": (
            "Coopération entre habitants dès la conception ; un savoir-faire venu de Montpellier."
        ),
        "territory": "Toulouse, écoquartier de la Cartoucherie (31)",
        "residences": ["La Cartoucherie"],
        "publics": ["Familles", "Tous les habitants"],
        "budget": 16000,
        "asked": 10000,
        "co_financing": "Participation des habitants ; fonds propres.",
        "indicators": [
            ("ateliers", "ateliers", 12),
            ("habitants associés", "personnes", 30),
        ],
        "submitted_at": at(2021, 5, 28, 17),
        "reviews": [
            ((3, 2, 2), "Déjà engagé à la Cartoucherie : peu de valeur ajoutée."),
            ((3, 3, 2), "Un savoir-faire reconnu, mais pas d'ancrage local."),
            ((2, 3, 2), "Un budget porté presque entièrement par l'appel."),
        ],
        "reason": (
            "L'habitat participatif à la Cartoucherie préexistait à l'appel, qui cherche de "
            "nouveaux outils ; le porteur, installé à Montpellier, n'a pas de partenaire local et "
            "sa demande atteint le plafond sans autre financement assuré."
        ),
    },
]

# The AR Hlm call open today (dates relative to the day the demo is loaded), so the flow can be
# tried: landlords and the social economy "answering calls together" (launch of the Club).
OPEN_CALL = {
    "title": "Répondre ensemble : projets inter-bailleurs avec l'ESS",
    "organiser": "AR Hlm",
    "summary": (
        "L'AR Hlm soutient des projets d'innovation sociale que des bailleurs d'un même "
        "territoire portent ensemble, avec des acteurs de l'économie sociale et solidaire."
    ),
    "rules": (
        "Appel à projets du Club Innovation sociale : favoriser les projets inter-bailleurs sur un "
        "même territoire, en mutualisant compétences et expertises avec les acteurs de l'ESS. "
        "Chaque candidature associe au moins un bailleur social. Jusqu'à 15 000 € par projet, "
        "45 000 € en tout ; un bilan intermédiaire et un bilan final, avec la mesure de l'impact "
        "social."
    ),
    "ceiling": 15000,
    "total_budget": 45000,
    "opened_days_ago": 14,
    "closes_in_days": 42,
    "themes": ["Lien social", "Emploi et insertion"],
    "eligible": CallForProjects.Eligible.BOTH,
    "documents": ["Budget prévisionnel", "Lettre d'engagement des co-porteurs"],
    "criteria": [
        (
            "Coopération entre bailleurs et acteurs de l'ESS",
            "Plusieurs bailleurs d'un même territoire et une structure de l'ESS portent le projet "
            "ensemble.",
            2,
        ),
        (
            "Utilité sociale et mesure de l'impact",
            "Des besoins d'habitants bien identifiés, des indicateurs et leur suivi.",
            1,
        ),
    ],
    "jurors": ["Anne Chemier", "Céline Di Mercurio"],
}

OPEN_CALL_APPLICATIONS = [
    {
        "applicant": "Régie de quartier services Nord Littoral",
        "co_applicants": ["ICF Habitat Sud-Est Méditerranée", "Erilia"],
        "partners": ["CRESS Provence-Alpes-Côte d'Azur"],
        "created_by": "Sabine Fincato",
        "status": Application.Status.SUBMITTED,
        "days_ago": 3,
        "title": "Une régie de quartier pour deux bailleurs",
        "summary": (
            "La Régie de quartier étend ses services au-delà de son quartier historique : "
            "entretien des espaces communs et petits travaux par des habitants en insertion, dans "
            "des résidences d'ICF Habitat Sud-Est Méditerranée et d'Erilia."
        ),
        "objectives": (
            "Coopération : deux bailleurs d'un même territoire et une régie de quartier "
            "mutualisent un même service. Utilité sociale : des emplois d'insertion pour des "
            "habitants et un cadre de vie amélioré."
        ),
        "territory": "Marseille, quartiers Nord Littoral (13)",
        "publics": ["Personnes éloignées de l'emploi", "Tous les habitants"],
        "budget": 42000,
        "asked": 15000,
        "co_financing": "Prestations facturées aux deux bailleurs ; aide aux postes d'insertion.",
        "indicators": [
            ("habitants salariés en insertion", "personnes", 8),
            ("résidences entretenues", "résidences", 6),
        ],
        "documents": ["Budget prévisionnel", "Lettre d'engagement des co-porteurs"],
    },
    {
        "applicant": "Mascobado",
        "co_applicants": [],
        "partners": [],
        "created_by": "Stéphan Singer",
        "status": Application.Status.DRAFT,
        "days_ago": 5,
        "title": "Essaimer l'habitat participatif dans le logement social",
        "summary": (
            "Partager l'expérience de Mascobado avec des bailleurs : ateliers avec les locataires "
            "et un guide de la maîtrise d'usage."
        ),
        "objectives": "",
        "territory": "Montpellier (34)",
        "publics": ["Familles"],
        "budget": 18000,
        "asked": None,
        "co_financing": "",
        "indicators": [("bailleurs accompagnés", "bailleurs", 3)],
        "documents": ["Budget prévisionnel"],
    },
]

# Each initiative: lead, title, summary, themes, publics, partners, residences, commune,
# département, region, QPV, status, start, visibility, indicators
# [(name, unit, baseline, target, [(date, value)])]. The laureates' applications are above.
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
                "commune": commune_named(row["commune"], row["departement"]),
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
        if row["departement"] == "13":  # the Encagnane actions, visited at the 1st Club
            initiative.presented_at.set(Meeting.objects.filter(club__slug="paca-corse", number=1))
        initiative_index(initiative)
    world = {"organisations": organisations, "themes": themes, "publics": publics}
    world["people"] = {user.full_name: user for user in User.objects.all()}
    chalets_call = _load_chalets_call(world)
    open_call = _load_open_call(world)
    _load_resources(themes)
    _load_meeting_photos()
    calls = [chalets_call, open_call]
    applications = Application.objects.filter(call__in=calls)
    stdout.write(
        f"  {len(INITIATIVES)} initiatives, {len(RESOURCES)} toolbox resources, "
        f"{len(calls)} calls for projects: {applications.count()} applications "
        f"({applications.filter(status=Application.Status.LAUREATE).count()} laureates), "
        f"{Review.objects.filter(application__call__in=calls).count()} reviews, "
        f"{Assessment.objects.filter(application__call__in=calls).count()} bilans"
    )


def _call(row: dict, world: dict, **fields) -> CallForProjects:
    """The call of `row` with its themes, criteria (by their order) and jury."""
    call, _ = CallForProjects.objects.update_or_create(
        slug=slugify(row["title"]),
        defaults={
            "title": row["title"],
            "organiser": world["organisations"][row["organiser"]],
            "summary": row["summary"],
            "rules": row["rules"],
            "ceiling": row["ceiling"],
            "total_budget": row["total_budget"],
            "eligible": row["eligible"],
            "required_documents": "\n".join(row["documents"]),
            **fields,
        },
    )
    call.themes.set([world["themes"][name] for name in row["themes"]])
    for order, (title, description, weight) in enumerate(row["criteria"]):
        Criterion.objects.update_or_create(
            call=call,
            order=order,
            defaults={"title": title, "description": description, "weight": weight},
        )
    call.criteria.filter(order__gte=len(row["criteria"])).delete()
    call.jurors.set([world["people"][name] for name in row["jurors"]])
    return call


def _application(call: CallForProjects, row: dict, world: dict, **fields) -> Application:
    """The application of `row` (one per applicant and call), with its organisations,
    residences, publics, planned indicators and the documents it was sent with."""
    organisations, people = world["organisations"], world["people"]
    applicant = organisations[row["applicant"]]
    author = people[row["created_by"]] if row.get("created_by") else None
    lookup = {"initiative": fields.pop("initiative")} if fields.get("initiative") else {}
    application, _ = Application.objects.update_or_create(
        call=call,
        applicant=applicant,
        **lookup,
        defaults={
            "created_by": author,
            "title": row["title"],
            "summary": row["summary"],
            "objectives": row["objectives"],
            "territory": row["territory"],
            "budget": row["budget"],
            "amount_asked": row["asked"],
            "co_financing": row["co_financing"],
            **fields,
        },
    )
    application.co_applicants.set([organisations[n] for n in row.get("co_applicants", [])])
    application.partners.set([organisations[n] for n in row.get("partners", [])])
    # A residence of the call's organiser where the seed names one (or of a co-applicant).
    landlords = [call.organiser, *application.co_applicants.all()]
    application.residences.set(
        Residence.objects.filter(landlord__in=landlords, name__in=row.get("residences", []))
    )
    application.publics.set([world["publics"][name] for name in row["publics"]])
    for name, unit, target in row["indicators"]:
        PlannedIndicator.objects.update_or_create(
            application=application, name=name, defaults={"unit": unit, "target": target}
        )
    names = [name for name, _, _ in row["indicators"]]
    application.planned_indicators.exclude(name__in=names).delete()
    for label in row.get("documents", call.document_list):
        _attach(application, label, author)
    return application


def _attach(application: Application, label: str, author) -> None:
    """A small PDF sent as `label` with the application, once."""
    from django.core.files.base import ContentFile

    from initiatives.documents import clean_document

    if application.attachments.filter(label=label).exists():
        return
    pdf = minimal_pdf(label, [application.title, str(application.applicant)])
    stored, filename = clean_document(ContentFile(pdf, name=f"{slugify(label)}.pdf"))
    attachment = Attachment(
        application=application,
        label=label,
        filename=filename,
        size=stored.size,
        uploaded_by=author,
        uploaded_at=application.submitted_at or application.created_at,
    )
    attachment.file.save(stored.name, stored, save=False)
    attachment.save()


def _opinion(weighted_mean: float) -> str:
    if weighted_mean >= 3.5:
        return Review.Opinion.FAVOURABLE
    if weighted_mean >= 2.5:
        return Review.Opinion.RESERVED
    return Review.Opinion.UNFAVOURABLE


def _load_chalets_call(world: dict) -> CallForProjects:
    """The seed's call, decided: 4 laureates (each applied as its own organisation) and 3
    applications not retained, each scored by the 3 jurors, the laureates' funding and bilans."""
    call = _call(
        CALL,
        world,
        status=CallForProjects.Status.DECIDED,
        opens_on=CALL["opens_on"],
        closes_on=CALL["closes_on"],
        results_published_at=CALL["results_published_at"],
    )
    criteria = list(call.criteria.order_by("order"))
    jurors = [world["people"][name] for name in CALL["jurors"]]
    author = world["people"]["Stéphanie Erales"]
    for row in CHALETS_APPLICATIONS:
        decision = {"decided_at": CALL["decided_at"], "submitted_at": row["submitted_at"]}
        decision["created_at"] = row["submitted_at"] - datetime.timedelta(days=10)
        if "awarded" in row:
            initiative = Initiative.objects.get(slug=slugify(row["initiative"]))
            application = _application(
                call,
                row,
                world,
                initiative=initiative,
                status=Application.Status.LAUREATE,
                amount_awarded=row["awarded"],
                decision_reason="",
                intermediate_bilan_due_on=row["intermediate_due"],
                bilan_due_on=row["final_due"],
                **decision,
            )
            Funding.objects.update_or_create(
                initiative=initiative,
                funder=call.organiser,
                call=call,
                defaults={"amount": row["awarded"]},
            )
            for kind, date, text in row["bilans"]:
                Assessment.objects.update_or_create(
                    initiative=initiative,
                    kind=kind,
                    date=date,
                    defaults={
                        "text": text,
                        "author": author,
                        "call": call,
                        "application": application,
                    },
                )
        else:
            application = _application(
                call,
                row,
                world,
                status=Application.Status.NOT_RETAINED,
                amount_awarded=None,
                decision_reason=row["reason"],
                **decision,
            )
        for number, (juror, (values, comment)) in enumerate(
            zip(jurors, row["reviews"], strict=True)
        ):
            weights = sum(criterion.weight for criterion in criteria)
            mean = sum(c.weight * v for c, v in zip(criteria, values, strict=True)) / weights
            review, _ = Review.objects.update_or_create(
                application=application,
                juror=juror,
                defaults={
                    "opinion": _opinion(mean),
                    "comment": comment,
                    "conflict_declared": False,
                    "updated_at": at(2021, 6, 14 + number, 18),
                },
            )
            for criterion, value in zip(criteria, values, strict=True):
                ReviewScore.objects.update_or_create(
                    review=review, criterion=criterion, defaults={"value": value}
                )
    return call


def _load_open_call(world: dict) -> CallForProjects:
    """AR Hlm's call, open from two weeks ago to six weeks from today, with one draft and one
    submitted application (a partner with landlords as co-applicants), not reviewed yet."""
    today = timezone.localdate()
    call = _call(
        OPEN_CALL,
        world,
        status=CallForProjects.Status.OPEN,
        opens_on=today - datetime.timedelta(days=OPEN_CALL["opened_days_ago"]),
        closes_on=today + datetime.timedelta(days=OPEN_CALL["closes_in_days"]),
        results_published_at=None,
    )
    now = timezone.now()
    for row in OPEN_CALL_APPLICATIONS:
        sent = now - datetime.timedelta(days=row["days_ago"])
        submitted = row["status"] == Application.Status.SUBMITTED
        _application(
            call,
            row,
            world,
            status=row["status"],
            created_at=sent - datetime.timedelta(days=4),
            submitted_at=sent if submitted else None,
            decided_at=None,
            amount_awarded=None,
            decision_reason="",
        )
    return call


# Meetings' photos with the seeds' credits and captions (stand-in pictures: the photos are not
# shipped); the first of each meeting is its Cahier's cover.
MEETING_PHOTOS = {
    1: [
        (
            "Le lancement du Club Innovation sociale, le 10 octobre 2019",
            "Sylvie Legrand pour l'AR Hlm PACA & Corse",
            (120, 60, 30),
        ),
    ],
    7: [
        (
            "Sophie Matrat, présidente du directoire d'ICF Habitat Sud-est Méditerranée, et "
            "Manon Venturelli, chargée de mission à l'AR Hlm",
            "Michel Couartou",
            (14, 76, 117),
        ),
        (
            "Isabelle Domas, directrice clientèle du bailleur social ICF",
            "Michel Couartou",
            (30, 100, 60),
        ),
    ],
}


def _load_meeting_photos() -> None:
    from landlords.demo import demo_image
    from landlords.uploads import reencode_image

    for number, photos in MEETING_PHOTOS.items():
        meeting = Meeting.objects.get(club__slug="paca-corse", number=number)
        for caption, credit, tint in photos:
            photo = Photo.objects.filter(meeting=meeting, caption=caption).first()
            if photo is None:
                photo = Photo(meeting=meeting, caption=caption, credit=credit, consent=True)
                photo.alt_text = f"Image de démonstration à la place de la photo : {caption}"
                stored = reencode_image(demo_image(tint), PHOTO_RULES)
                photo.image.save(stored.name, stored, save=False)
                photo.save()
        cover = Photo.objects.filter(meeting=meeting).order_by("pk").first()
        Meeting.objects.filter(pk=meeting.pk).update(cahier_cover_photo=cover)


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
