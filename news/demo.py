"""The five press texts of the seeds as the club's news, each linked to what it tells: the
launch of the club, the 7th Club, the Chalets call, the Nîmes meetings, the initiatives of 8
landlords of Occitanie. Run as often as you like: articles are found again by their slug, and
a photo, once made, is kept.

The seeds' photos are not shipped: an article whose seed credits a photo gets a small image
drawn here (said so in its text alternative), with the seed's caption and credit."""

import datetime

from django.utils.text import slugify

from clubs.demo import NIMES_DATE, NIMES_TITLE
from clubs.models import Meeting
from initiatives.demo import CALL, CHALETS_APPLICATIONS, INITIATIVES
from initiatives.models import CallForProjects, Initiative
from landlords.demo import demo_image
from landlords.models import User
from landlords.uploads import reencode_image
from news.models import Article
from news.services import PHOTO_RULES

D = datetime.date
OCCITANIE_LANDLORDS = 8  # the first initiatives of initiatives.demo.INITIATIVES

LAUNCH = {
    "title": "Lancement du « Club Innovation sociale »",
    "date": D(2019, 10, 10),
    "text": (
        "Le troisième « i » (aux côtés de l'intercommunalité et de l'intelligence collective) du "
        "projet stratégique de l'Association régionale a désormais son « Club », lancé le 10 "
        "octobre dernier par Pascal Gallard. Plus d'une quarantaine de participants ont posé les "
        "bases de ce que sera la réflexion à mener, entre volonté de s'inscrire dans l'évolution "
        "sociétale et refonte des pratiques professionnelles, en externe comme en interne.\n\n"
        "« L'innovation est le quotidien des organismes Hlm, à l'origine même de notre secteur "
        "professionnel », explique Anne Chemier, chargée de mission à l'AR Hlm PACA & Corse. Le "
        "Club permettra de valoriser les expérimentations et d'amplifier la dynamique des "
        "innovations sociales portées par les bailleurs dans tous les domaines.\n\n"
        "En présence d'une quarantaine de participants représentant 17 organismes, la matinée a "
        "permis de faire un état des lieux de l'innovation durable dans le secteur Hlm à partir "
        "d'une étude présentée par Céline Di Mercurio, cheffe de mission Innovation sociale et "
        "RSE à l'USH. Une feuille de route du Club pour l'année à venir a ensuite été élaborée "
        "en « ateliers collaboratifs ». Dans l'après-midi, Famille & Provence a exposé la "
        "manière dont l'innovation sociale est intégrée à sa stratégie de développement, et une "
        "visite du quartier d'Encagnane à Aix-en-Provence a rendu palpables les actions menées "
        "avec les habitants.\n\n"
        "Une des principales idées sera de travailler en réseau et de favoriser les projets "
        "inter-bailleurs sur un même territoire, en mutualisant des compétences et des "
        "expertises ou en répondant ensemble à des appels à projets. Les participants suggèrent "
        "3 ou 4 journées de travail par an, avec à chaque fois un temps « pratique » sur le "
        "terrain."
    ),
    "photo_caption": "",
    "photo_credit": "Sylvie Legrand pour l'AR Hlm PACA & Corse",
}

SEVENTH_CLUB = {
    "title": "Échanges de bonnes pratiques sur les résidences dédiées",
    "date": D(2023, 6, 19),
    "text": (
        "L'AR Hlm a tenu son 7e Club de l'Innovation sociale avec le bailleur social ICF Habitat "
        "Sud-est Méditerranée et avec le partenariat du groupe La Poste. Le sujet du jour était "
        "les résidences dédiées, accueil des personnes en souffrance psychique et résidence "
        "intergénérationnelle, deux axes forts du positionnement social du bailleur de la SNCF.\n\n"
        "Après Famille & Provence, Erilia, Unicil, Grand Delta Habitat et Côte d'Azur Habitat, "
        "c'était au tour d'ICF Habitat Sud-est Méditerranée d'être mis à l'honneur ce 19 juin. "
        "Isabelle Domas, directrice de clientèle, a présenté deux résidences gérées avec l'aide "
        "d'une association gestionnaire, pour rompre l'isolement des personnes, créer de la "
        "solidarité entre les locataires et ouvrir la possibilité d'une vraie autonomie.\n\n"
        "Deux ateliers ont suivi. Le premier, restitué par Isabelle Domas, a mis en avant la "
        "confiance entre tous les intervenants comme une condition essentielle à la réussite "
        "d'une résidence d'insertion. Le second, sur l'habitat intergénérationnel, restitué par "
        "Robin Hamadi, directeur de l'AR Hlm : chaque génération doit être convaincue qu'elle "
        "peut apporter quelque chose à l'autre. Dans les deux cas, les espaces collectifs, qui "
        "facilitent les échanges, sont particulièrement traités.\n\n"
        "L'AR Hlm éditera bientôt un « Cahier du Saint Georges » qui rendra compte du détail des "
        "échanges de cette journée."
    ),
    "photo_caption": (
        "Sophie Matrat, présidente du directoire d'ICF Habitat Sud-est Méditerranée, et Manon "
        "Venturelli, chargée de mission à l'AR Hlm."
    ),
    "photo_credit": "Michel Couartou",
}

CHALETS = {
    "title": "« Habitat et Initiatives solidaires » : le Groupe des Chalets fait le point",
    "date": D(2023, 1, 16),
    "text": (
        "Être un bailleur social, c'est aussi être une entreprise défendant des valeurs, "
        "rappelle Stéphanie Erales, directrice de la coordination stratégique du Groupe des "
        "Chalets. Le projet « Habitat et Initiatives solidaires » s'inscrit dans le projet "
        "d'entreprise « Ensemble Chalets 2025 », par lequel le groupe a souhaité renforcer son "
        "engagement au sein de l'économie sociale et solidaire, sur la mobilité et la "
        "coopération entre les habitants.\n\n"
        "L'appel à projets voulait créer des synergies entre les besoins des habitants et les "
        "structures qui apportent des services, identifier des acteurs en émergence, innovants "
        "et dynamiques, et soutenir des projets aux modèles économiques in fine autonomes.\n\n"
        "Avec un budget dédié inférieur à 30.000 euros, les quatre lauréats – Wimoov, Citiz, "
        "Solidarité Villes et Circuits Verts – rendent des résultats satisfaisants, même si pour "
        "trois d'entre eux il s'agit de bilans intermédiaires. La convivialité s'est invitée à "
        "la kermesse de la résidence Marvig à Toulouse avec « Particules élémentaires » ; le "
        "modèle économique de Circuits Verts, autour du compost et du jardinage, est pérenne. "
        "Même si l'action de Wimoov ne se poursuit pas, elle a démontré la coopération avec les "
        "collectivités à Salies-du-Salat.\n\n"
        "« Le partenariat entre le groupe et l'ESS ne date pas d'hier et va se prolonger. Nous "
        "sommes le fer de lance sur le territoire occitan et nous ambitionnons de rester "
        "leader. »"
    ),
    "photo_caption": (
        "Stéphanie Erales, directrice de la coordination stratégique du Groupe des Chalets."
    ),
    "photo_credit": "Hélène Ressayres – crédits ToulEco",
}

NIMES = {
    "title": "3es rencontres interrégionales ESS Logement et habitat",
    "date": D(2015, 11, 27),
    "text": (
        "Mercredi 26 novembre 2015, les Chambres régionales de l'économie sociale et solidaire "
        "de Provence-Alpes-Côte d'Azur et de Languedoc-Roussillon et la Macif Provence "
        "Méditerranée organisaient les 3es rencontres interrégionales ESS logement et habitat à "
        "Nîmes, dans les locaux d'Adrèa Mutuelle. 41 entreprises de l'ESS et bailleurs se sont "
        "ainsi rencontrés.\n\n"
        "L'idée des rencontres, dans le cadre du Mois de l'ESS : une meilleure interconnaissance "
        "des acteurs de l'ESS, du logement et de l'habitat, pour initier des partenariats et des "
        "coopérations économiques. La matinée s'est articulée autour du métier de bailleur "
        "social et de témoignages sur l'habitat participatif, l'habitat et le lien social, "
        "l'habitat face à l'urgence et l'habitat pensé par et pour des personnes en situation de "
        "handicap.\n\n"
        "« Les organismes HLM et les entreprises de l'ESS ont des champs d'intérêt communs », "
        "confie Philippe Oliviero, directeur de l'association régionale des organismes HLM Paca "
        "et Corse.\n\n"
        "Les rencontres se sont poursuivies par des rencontres flash qui ont permis 135 "
        "échanges qualifiés."
    ),
    "photo_caption": "",
    "photo_credit": "",
}

OCCITANIE = {
    "title": "Quand les organismes du logement social deviennent des créateurs de lien social",
    "date": D(2023, 9, 15),
    "text": (
        "Depuis plusieurs décennies déjà, les organismes de logement social vont au-delà de leur "
        "cœur de métier. Véritables acteurs de territoire, ils s'impliquent dans la vie des "
        "communes et des quartiers et proposent des actions qui renforcent le lien social entre "
        "les locataires et, plus généralement, entre habitants. Illustrations chez 8 bailleurs "
        "d'Occitanie.\n\n"
        "Le jardinage, d'abord : La Cité Jardins à l'Enclos de Lardenne à Toulouse, l'OPH31 au "
        "pied de la résidence du Soumès à Saint-Gaudens, Toulouse Métropole Habitat avec un "
        "quatrième site en agriculture urbaine dans le quartier Bagatelle.\n\n"
        "Le sport, ensuite : Mésolia avec les locataires séniors de la résidence "
        "intergénérationnelle de La Tour à Mondonville, Tarn-et-Garonne Habitat avec "
        "l'association Beach Soccer 82, le Groupe des Chalets avec l'Amos Women's French Cup.\n\n"
        "Sud Massif Central Habitat a construit une salle commune, animée par le CCAS, dans un "
        "bâtiment intergénérationnel d'Onet-le-Château. Et Altéal soutient un espace dédié à "
        "l'emploi dans le quartier du Grand Val d'Aran à Colomiers, animé par le CEO."
    ),
    "photo_caption": "",
    "photo_credit": "",
}


def _article(row: dict, *, author, meeting=None, call=None, initiatives=()) -> Article:
    article = Article.objects.filter(slug=slugify(row["title"])).first() or Article(
        slug=slugify(row["title"]), author=author
    )
    for field in ("title", "date", "text", "photo_caption", "photo_credit"):
        setattr(article, field, row[field])
    article.status = Article.Status.PUBLISHED
    article.meeting, article.call = meeting, call
    if row["photo_credit"]:
        article.photo_alt = (
            "Image de démonstration à la place de la photo de l'article "
            f"(crédit : {row['photo_credit']})"
        )
        if not article.photo:
            stored = reencode_image(demo_image(), PHOTO_RULES)
            article.photo.save(stored.name, stored, save=False)
    article.full_clean()
    article.save()
    article.initiatives.set(initiatives)
    return article


def load(*, password: str | None, stdout) -> None:
    author = User.objects.filter(full_name="Manon Venturelli").first()
    paca_club = Meeting.objects.filter(club__slug="paca-corse")
    chalets_call = CallForProjects.objects.get(slug=slugify(CALL["title"]))
    laureates = [row["initiative"] for row in CHALETS_APPLICATIONS if "awarded" in row]
    occitanie = [row["title"] for row in INITIATIVES[:OCCITANIE_LANDLORDS]]
    articles = [
        _article(LAUNCH, author=author, meeting=paca_club.get(number=1)),
        _article(SEVENTH_CLUB, author=author, meeting=paca_club.get(number=7)),
        _article(
            CHALETS,
            author=author,
            call=chalets_call,
            initiatives=Initiative.objects.filter(slug__in=[slugify(t) for t in laureates]),
        ),
        _article(
            NIMES,
            author=author,
            meeting=Meeting.objects.get(
                kind=Meeting.Kind.EVENT, title=NIMES_TITLE, date=NIMES_DATE
            ),
        ),
        _article(
            OCCITANIE,
            author=author,
            initiatives=Initiative.objects.filter(slug__in=[slugify(t) for t in occitanie]),
        ),
    ]
    stdout.write(f"  {len(articles)} news articles")
