"""Demo organisations and people, as the seeds (press texts) name them.

Counts of dwellings are rounded orders of magnitude for the demo, except where a seed gives one
(ICF Habitat Sud-Est Méditerranée: 18,000). Every person has an example.org address.
"""

import io

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify

from landlords.models import STAFF_GROUP, Organisation, Region, Residence, Skill, Theme, User
from places.selectors import commune_named

L, P, F = Organisation.Kind.LANDLORD, Organisation.Kind.PARTNER, Organisation.Kind.FEDERATION
OPH, ESH, COOP = Organisation.Family.OPH, Organisation.Family.ESH, Organisation.Family.COOP

# name, kind, family, region codes, département, dwellings, website, about
ORGANISATIONS = [
    (
        "AR Hlm",
        F,
        "",
        ["paca", "corse", "occitanie"],
        "13",
        None,
        "https://arhlm-pacac.fr",
        "Association régionale des organismes Hlm de Provence-Alpes-Côte d'Azur & Corse et "
        "d'Occitanie. Elle anime le Club Innovation sociale, troisième « i » de son projet "
        "stratégique avec l'intercommunalité et l'intelligence collective.",
    ),
    (
        "Union sociale pour l'habitat",
        F,
        "",
        [],
        "75",
        None,
        "https://www.union-habitat.org",
        "Fédération nationale des organismes Hlm (USH).",
    ),
    # Landlords of PACA & Corse
    (
        "ICF Habitat Sud-Est Méditerranée",
        L,
        ESH,
        ["paca"],
        "13",
        18000,
        "https://www.icfhabitat.fr",
        "Filiale d'ICF Habitat, groupe créé en 1927 par la SNCF pour loger les cheminots. Elle couvre "
        "tout l'arc méditerranéen jusqu'à Dijon, gère 18 000 logements hors résidences dédiées et en "
        "construit en moyenne 450 par an, avec trois directions territoriales à Montpellier, "
        "Marseille et Nice.",
    ),
    (
        "Famille & Provence",
        L,
        ESH,
        ["paca"],
        "13",
        20000,
        "https://www.familleetprovence.fr",
        "Bailleur aixois qui intègre l'innovation sociale à sa stratégie de développement, "
        "notamment dans le quartier d'Encagnane à Aix-en-Provence.",
    ),
    ("Erilia", L, ESH, ["paca", "corse"], "13", 60000, "https://www.erilia.fr", ""),
    ("Unicil", L, ESH, ["paca"], "13", 30000, "https://www.unicil.fr", ""),
    ("Grand Delta Habitat", L, COOP, ["paca"], "84", 30000, "https://www.granddelta.fr", ""),
    ("Côte d'Azur Habitat", L, OPH, ["paca"], "06", 20000, "https://www.cotedazur-habitat.fr", ""),
    (
        "SFHE-Arcade",
        L,
        ESH,
        ["paca"],
        "13",
        15000,
        "",
        "Porte avec l'association Handitoit Provence des solutions d'habitat collectif pour les "
        "personnes en situation de handicap.",
    ),
    # Landlords of Occitanie
    (
        "La Cité Jardins",
        L,
        COOP,
        ["occitanie"],
        "31",
        4000,
        "",
        "Projet d'innovation sociale à la résidence l'Enclos de Lardenne, à Toulouse.",
    ),
    ("OPH 31", L, OPH, ["occitanie"], "31", 7000, "", "Office départemental de la Haute-Garonne."),
    ("Toulouse Métropole Habitat", L, OPH, ["occitanie"], "31", 18000, "", ""),
    ("Mésolia", L, ESH, ["occitanie"], "31", 16000, "", ""),
    ("Tarn-et-Garonne Habitat", L, OPH, ["occitanie"], "82", 6000, "", ""),
    (
        "Groupe des Chalets",
        L,
        COOP,
        ["occitanie"],
        "31",
        17000,
        "https://www.groupedeschalets.com",
        "Bailleur coopératif toulousain engagé dans l'économie sociale et solidaire (projet "
        "d'entreprise « Ensemble Chalets 2025 »).",
    ),
    ("Sud Massif Central Habitat", L, OPH, ["occitanie"], "12", 5000, "", ""),
    ("Altéal", L, ESH, ["occitanie"], "31", 11000, "", ""),
    # Partners
    (
        "La Poste",
        P,
        "",
        [],
        "",
        None,
        "https://www.laposte.fr",
        "Partenaire du 7e Club : son offre sociale, les services du facteur aux personnes, "
        "ses filiales sur les problématiques énergétiques.",
    ),
    (
        "CPIE du Pays d'Aix",
        P,
        "",
        ["paca"],
        "13",
        None,
        "",
        "Centre permanent d'initiatives pour l'environnement : jardins partagés d'Encagnane.",
    ),
    (
        "AFEV",
        P,
        "",
        ["paca"],
        "13",
        None,
        "https://afev.org",
        "Kolocations à projets solidaires (Kaps) : des étudiants engagés dans leur quartier.",
    ),
    (
        "Compagnons Bâtisseurs Provence",
        P,
        "",
        ["paca"],
        "13",
        None,
        "",
        "Auto-réhabilitation accompagnée (ARA).",
    ),
    ("Handitoit Provence", P, "", ["paca"], "13", None, "", ""),
    ("Régie de quartier services Nord Littoral", P, "", ["paca"], "13", None, "", ""),
    ("Macif Provence Méditerranée", P, "", ["paca"], "13", None, "", ""),
    ("CRESS Provence-Alpes-Côte d'Azur", P, "", ["paca"], "13", None, "", ""),
    ("CRESS Languedoc-Roussillon", P, "", ["occitanie"], "34", None, "", ""),
    ("Adréa Mutuelle", P, "", ["occitanie"], "30", None, "", ""),
    (
        "Mascobado",
        P,
        "",
        ["occitanie"],
        "34",
        None,
        "",
        "Habitat participatif du quartier des Grisettes, à Montpellier.",
    ),
    (
        "Wimoov",
        P,
        "",
        ["occitanie"],
        "31",
        None,
        "https://www.wimoov.org",
        "Mobilité solidaire ; lauréat de l'appel à projets « Habitat et Initiatives solidaires ».",
    ),
    (
        "Citiz",
        P,
        "",
        ["occitanie"],
        "31",
        None,
        "https://citiz.coop",
        "Autopartage ; lauréat de l'appel à projets « Habitat et Initiatives solidaires ».",
    ),
    (
        "Solidarité Villes",
        P,
        "",
        ["occitanie"],
        "31",
        None,
        "",
        "Projet « Particules élémentaires » ; lauréat de l'appel à projets « Habitat et "
        "Initiatives solidaires ».",
    ),
    (
        "Circuits Verts",
        P,
        "",
        ["occitanie"],
        "31",
        None,
        "",
        "Compost, jardinage et entretien des espaces verts avec les habitants ; lauréat de l'appel "
        "à projets « Habitat et Initiatives solidaires ».",
    ),
    ("Beach Soccer 82", P, "", ["occitanie"], "82", None, "", ""),
    ("CCAS d'Onet-le-Château", P, "", ["occitanie"], "12", None, "", ""),
    ("Club d'Entreprises de l'Ouest toulousain (CEO)", P, "", ["occitanie"], "31", None, "", ""),
    ("Amos Women's French Cup", P, "", ["occitanie"], "31", None, "", ""),
]

# landlord, residence, commune, address, dwellings, in a QPV
RESIDENCES = [
    ("Famille & Provence", "Encagnane", "Aix-en-Provence", "Quartier d'Encagnane", None, True),
    ("Groupe des Chalets", "Marvig", "Toulouse", "Quartier Saouzelong-Rangueil", None, False),
    ("Groupe des Chalets", "Le Donjon", "Salies-du-Salat", "", None, False),
    ("Groupe des Chalets", "Crocus", "Salies-du-Salat", "", None, False),
    ("Groupe des Chalets", "Lupins", "Salies-du-Salat", "", None, False),
    ("Groupe des Chalets", "Narcisses", "Salies-du-Salat", "", None, False),
    (
        "Groupe des Chalets",
        "La Cartoucherie",
        "Toulouse",
        "Écoquartier de la Cartoucherie",
        None,
        False,
    ),
    ("La Cité Jardins", "L'Enclos de Lardenne", "Toulouse", "", None, False),
    ("OPH 31", "Le Soumès", "Saint-Gaudens", "", None, False),
    ("Toulouse Métropole Habitat", "Bagatelle Nord", "Toulouse", "Quartier Bagatelle", None, True),
    ("Toulouse Métropole Habitat", "Bagatelle Sud", "Toulouse", "Quartier Bagatelle", None, True),
    ("Mésolia", "La Tour", "Mondonville", "Résidence intergénérationnelle", None, False),
    (
        "Sud Massif Central Habitat",
        "Résidence intergénérationnelle",
        "Onet-le-Château",
        "",
        18,
        False,
    ),
    ("Altéal", "Grand Val d'Aran", "Colomiers", "Quartier du Grand Val d'Aran", None, True),
]

# full name, organisation, job title, staff
PEOPLE = [
    ("Robin Hamadi", "AR Hlm", "Directeur", True),
    ("Manon Venturelli", "AR Hlm", "Chargée de mission", True),
    ("Anne Chemier", "AR Hlm", "Chargée de mission", True),
    ("Pascal Gallard", "AR Hlm", "Président", False),
    ("Philippe Oliviero", "AR Hlm", "Ancien directeur", False),
    (
        "Céline Di Mercurio",
        "Union sociale pour l'habitat",
        "Cheffe de mission Innovation sociale et RSE",
        False,
    ),
    ("Sophie Matrat", "ICF Habitat Sud-Est Méditerranée", "Présidente du directoire", False),
    ("Isabelle Domas", "ICF Habitat Sud-Est Méditerranée", "Directrice de clientèle", False),
    ("Stéphanie Erales", "Groupe des Chalets", "Directrice de la coordination stratégique", False),
    (
        "Sabine Fincato",
        "Régie de quartier services Nord Littoral",
        "Coordinatrice du Pôle social",
        False,
    ),
    ("Stéphan Singer", "Mascobado", "Porteur du projet d'habitat participatif", False),
]


THEMES = [
    "Jardins partagés",
    "Sport et santé",
    "Lien social",
    "Intergénérationnel",
    "Souffrance psychique",
    "Emploi et insertion",
    "Mobilité",
    "Inclusion numérique",
    "Économies d'énergie",
    "Habitat participatif",
    "Vieillissement et handicap",
]

SKILLS = [
    "Montage de projets inter-bailleurs",
    "Réponse aux appels à projets",
    "Mesure de l'impact social",
    "Concertation des habitants",
    "Animation d'ateliers",
    "Partenariats associatifs",
    "Gestion urbaine de proximité",
]

# full name: themes, skills, organisation editor, phone
PROFILES = {
    "Manon Venturelli": (
        ["Lien social", "Intergénérationnel"],
        ["Animation d'ateliers", "Montage de projets inter-bailleurs"],
        True,
        "04 91 00 00 01",
    ),
    "Anne Chemier": (
        ["Jardins partagés", "Sport et santé"],
        ["Animation d'ateliers", "Réponse aux appels à projets"],
        False,
        "",
    ),
    "Céline Di Mercurio": (
        ["Lien social"],
        ["Mesure de l'impact social", "Partenariats associatifs"],
        False,
        "",
    ),
    "Sophie Matrat": (["Intergénérationnel", "Mobilité"], [], False, ""),
    "Isabelle Domas": (
        ["Souffrance psychique", "Intergénérationnel", "Vieillissement et handicap"],
        ["Concertation des habitants", "Gestion urbaine de proximité"],
        True,
        "04 91 00 00 07",
    ),
    "Stéphanie Erales": (
        ["Sport et santé", "Jardins partagés", "Emploi et insertion"],
        ["Réponse aux appels à projets", "Montage de projets inter-bailleurs"],
        True,
        "05 61 00 00 09",
    ),
    "Sabine Fincato": (
        ["Emploi et insertion", "Lien social"],
        ["Gestion urbaine de proximité", "Partenariats associatifs"],
        False,
        "",
    ),
    "Stéphan Singer": (["Habitat participatif"], ["Concertation des habitants"], False, ""),
}


def demo_email(full_name: str) -> str:
    return slugify(full_name).replace("-", ".", 1) + "@example.org"


def load(*, password: str | None, stdout) -> None:
    regions = {region.code: region for region in Region.objects.all()}
    for name, kind, family, region_codes, departement, dwellings, website, about in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": kind,
                "family": family,
                "departement": departement,
                "dwellings": dwellings,
                "website": website,
                "about": about,
            },
        )
        organisation.regions.set([regions[code] for code in region_codes])

    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    for landlord, name, commune, address, dwellings, in_qpv in RESIDENCES:
        Residence.objects.update_or_create(
            landlord=organisations[landlord],
            name=name,
            commune=commune_named(commune, organisations[landlord].departement),
            defaults={"address": address, "dwellings": dwellings, "in_qpv": in_qpv},
        )
    themes = {}
    for name in THEMES:
        themes[name], _ = Theme.objects.update_or_create(
            slug=slugify(name), defaults={"name": name}
        )
    skills = {}
    for name in SKILLS:
        skills[name], _ = Skill.objects.update_or_create(
            slug=slugify(name), defaults={"name": name}
        )

    staff_group = Group.objects.get(name=STAFF_GROUP)
    hashed = make_password(password) if password else None
    for full_name, organisation_name, job_title, staff in PEOPLE:
        theme_names, skill_names, editor, phone = PROFILES.get(full_name, ([], [], False, ""))
        user, created = User.objects.update_or_create(
            email=demo_email(full_name),
            defaults={
                "full_name": full_name,
                "organisation": organisations[organisation_name],
                "job_title": job_title,
                "is_approved": True,
                "is_staff": staff,
                "is_superuser": full_name == "Robin Hamadi",
                "directory_consent": True,
                "is_organisation_editor": editor,
                "phone": phone,
            },
        )
        user.themes.set([themes[name] for name in theme_names])
        user.skills.set([skills[name] for name in skill_names])
        if hashed:
            user.password = hashed
        elif created:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        if staff:
            user.groups.add(staff_group)
        user.emailaddress_set.update_or_create(
            email=user.email, defaults={"verified": True, "primary": True}
        )
    stdout.write(
        f"  {len(ORGANISATIONS)} organisations, {len(RESIDENCES)} residences, {len(PEOPLE)} people, "
        f"{len(THEMES)} themes, {len(SKILLS)} skills"
    )


def demo_image(tint: tuple[int, int, int] = (14, 76, 117)) -> io.BytesIO:
    """A small picture standing in for a seed's photo (the photos are not shipped)."""
    from PIL import Image, ImageDraw

    red, green, blue = tint
    image = Image.new("RGB", (960, 640), tint)
    draw = ImageDraw.Draw(image)
    for row in range(640):  # a gradient, from the tint to a lighter one
        draw.line(
            [(0, row), (960, row)],
            fill=(red, min(255, green + row // 8), min(255, blue + row // 10)),
        )
    draw.ellipse([400, 240, 560, 400], fill=(255, 209, 102))
    data = io.BytesIO()
    image.save(data, format="PNG")
    data.seek(0)
    data.name = "demo.png"
    return data
