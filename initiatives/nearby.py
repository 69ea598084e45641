"""Who else works on this near me: initiatives of other landlords on the same themes, and
members of other organisations who offer the skills someone seeks, nearest territory first.

Each result carries a one-line `.reason` ("same theme: shared gardens · Haute-Garonne (31)").
Every function costs a bounded number of queries whatever the number of results: one query
per ring of nearness, the shared themes (offered skills) fetched by one prefetch, the anchor's
own themes (sought skills) read as subqueries or from a prefetch."""

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.collation import french
from initiatives.models import Initiative
from landlords.departements import DEPARTEMENT_CHOICES, normalised_code
from landlords.models import Organisation, Skill, Theme, User
from landlords.permissions import is_member

DEPARTEMENT_NAMES = dict(DEPARTEMENT_CHOICES)  # "31": "Haute-Garonne (31)"

# How near a result is: the lower, the nearer (same commune, département, region, elsewhere).
COMMUNE, DEPARTEMENT, REGION, ELSEWHERE = range(4)


def similar_initiatives(initiative: Initiative, user, limit: int = 6) -> list[Initiative]:
    """Initiatives that `user` may see, not led by the initiative's lead, sharing at least one
    of its themes: same commune first, then same département, same region, the others; then
    those sharing more themes, then the newest. Reads the initiative's themes from its prefetch
    when it has one (`initiative_detail_full`): two queries, none when it has no theme."""
    theme_ids = [theme.pk for theme in initiative.themes.all()]
    if not theme_ids:
        return []
    candidates = Initiative.objects.visible_to(user).exclude(lead_id=initiative.lead_id)
    return _on_themes(
        candidates,
        theme_ids,
        commune=initiative.commune_id,
        departement=initiative.departement,
        region_ids=[initiative.region_id] if initiative.region_id else [],
        limit=limit,
    )


def initiatives_on_my_themes(member: User, limit: int = 6) -> list[Initiative]:
    """For a member's space: initiatives on the member's own themes (their profile's), led by
    other organisations and not co-led by theirs, nearest their organisation first (its
    département, then its regions). Two queries (one when nothing matches)."""
    if not is_member(member):
        return []
    candidates = Initiative.objects.visible_to(member)
    organisation = member.organisation
    if organisation is not None:
        co_led = Initiative.objects.filter(co_landlords=organisation).values("pk")
        candidates = candidates.exclude(lead=organisation).exclude(pk__in=co_led)
    return _on_themes(
        candidates,
        member.themes.values("pk"),
        commune=organisation.commune_id if organisation else None,
        departement=organisation.departement if organisation else "",
        region_ids=organisation.regions.values("pk") if organisation else [],
        limit=limit,
    )


def helpful_members(subject, viewer, limit: int = 6) -> list[User]:
    """Members of other organisations who offer the skills sought by `subject`: an initiative
    (its contact's sought skills; other than its lead's, co-landlords' and contact's
    organisations) or a member (their own; other than their organisation). Only approved,
    active members who agreed to appear in the directory; nearest first (their
    organisation's département, then its regions), then those offering more of the skills.
    Nothing for a viewer who is not a member. Two queries (one when nobody matches)."""
    if not is_member(viewer):
        return []
    if isinstance(subject, Initiative):
        seeker = subject.contact
        if seeker is None:
            return []
        others = ~Q(organisation_id=subject.lead_id) & ~Q(
            organisation__in=subject.co_landlords.values("pk")
        )
        if seeker.organisation_id is not None:
            others &= ~Q(organisation_id=seeker.organisation_id)
        departement = subject.departement
        region_ids = [subject.region_id] if subject.region_id else []
    else:
        seeker = subject
        organisation = seeker.organisation
        others = ~Q(organisation=organisation) if organisation is not None else Q()
        departement = organisation.departement if organisation else ""
        region_ids = organisation.regions.values("pk") if organisation else []
    sought = seeker.sought_skills.values("pk")
    in_region = Organisation.regions.through.objects.filter(
        organisation=OuterRef("organisation"), region_id__in=region_ids
    )
    nearness = [When(Exists(in_region), then=Value(REGION))] if _any(region_ids) else []
    if departement:
        code = normalised_code(departement)
        nearness.insert(0, When(organisation__departement__iexact=code, then=Value(DEPARTEMENT)))
    members = (
        User.objects.in_directory()
        .filter(others)
        .exclude(pk__in=[seeker.pk, viewer.pk])
        .filter(skills__in=sought)
        .annotate(
            offered_count=Count("skills", distinct=True),
            nearness=Case(*nearness, default=Value(ELSEWHERE), output_field=IntegerField()),
        )
        .select_related("organisation")
        .only(
            "full_name",
            "job_title",
            "deleted_at",
            "organisation__name",
            "organisation__slug",
            "organisation__departement",
        )
        .prefetch_related(
            Prefetch(
                "skills", queryset=Skill.objects.filter(pk__in=sought), to_attr="offered_skills"
            )
        )
        .order_by("nearness", "-offered_count", french("full_name"), "pk")[:limit]
    )
    members = list(members)
    for member in members:
        skills = _names(member.offered_skills)
        text = _("offers: %(skills)s") % {"skills": skills}
        place = member.organisation and _departement_label(member.organisation.departement)
        member.reason = " · ".join(part for part in (text, place) if part)
    return members


def _on_themes(candidates, theme_ids, *, commune, departement, region_ids, limit):
    """`candidates` sharing one of `theme_ids` (a list or a subquery), nearest first, each
    with its shared themes (`.shared_themes`) and its `.reason`.

    One query per ring (the commune, the rest of its département, the region, elsewhere), each
    the ring's newest first and stopping at `limit` rows: an index on (département, newest),
    (region, newest) or (newest) serves it in order, so a ring is never grouped nor sorted as
    a whole (at 100,000 initiatives, a ring sorted by the themes it shares read 3,000 rows for
    6). A ring the anchor has not (no commune, no région) costs no query."""
    shares = Initiative.themes.through.objects.filter(
        initiative=OuterRef("pk"), theme_id__in=theme_ids
    )
    base = (
        candidates.filter(Exists(shares))
        .select_related("lead", "region", "commune")
        .only(
            "title",
            "slug",
            "commune__name",
            "departement",
            "created_at",
            "lead__name",
            "lead__slug",
            "region__name",
        )
        .order_by("-created_at", "pk")
    )
    code = normalised_code(departement)
    nowhere = Q(pk__in=[])
    in_departement = Q(departement__iexact=code) if code else nowhere
    rings = [
        (COMMUNE, Q(commune_id=commune) if commune else nowhere),
        (DEPARTEMENT, in_departement),
        (REGION, Q(region_id__in=region_ids) if _any(region_ids) else nowhere),
    ]
    initiatives, near = [], nowhere
    for nearness, condition in rings:
        ring = [] if condition == nowhere else list(base.filter(condition).exclude(near)[:limit])
        for initiative in ring:
            initiative.nearness = nearness
        initiatives += ring
        near |= condition
    elsewhere = list(base.exclude(near)[:limit])
    for initiative in elsewhere:
        initiative.nearness = ELSEWHERE
    initiatives = (initiatives + elsewhere)[:limit]
    prefetch_related_objects(
        initiatives,
        Prefetch(
            "themes", queryset=Theme.objects.filter(pk__in=theme_ids), to_attr="shared_themes"
        ),
    )
    for initiative in initiatives:
        themes = initiative.shared_themes
        text = ngettext("same theme: %(themes)s", "same themes: %(themes)s", len(themes)) % {
            "themes": _names(themes)
        }
        place = _departement_label(initiative.departement) or (
            initiative.region.name if initiative.region else ""
        )
        if place and initiative.commune and initiative.nearness == COMMUNE:
            place = f"{initiative.commune.name}, {place}"
        initiative.reason = " · ".join(part for part in (text, place) if part)
    return initiatives


def _any(ids) -> bool:
    """Whether `ids` may hold one: an empty list does not, a subquery may (not run here)."""
    return not isinstance(ids, list) or bool(ids)


def _names(items) -> str:
    """Vocabulary names inside a sentence: "Jardins partagés" reads "jardins partagés"; an
    acronym ("QPV", "ESS") keeps its capitals."""
    return ", ".join(_in_sentence(item.name) for item in items)


def _in_sentence(name: str) -> str:
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _departement_label(code: str) -> str:
    """ "Haute-Garonne (31)"; a code the list does not know as it is; "" for none."""
    code = normalised_code(code or "")
    return DEPARTEMENT_NAMES.get(code, code)
