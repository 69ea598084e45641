"""The public sets the API lists, from the selectors that already say what a visitor sees,
with what api/data.py reads loaded in a fixed number of queries (whatever the page's size)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from clubs.models import Meeting, Workshop
from initiatives.models import CallForProjects, Indicator, Initiative, Measurement
from initiatives.selectors import announced_laureates, initiative_list
from landlords.models import Organisation, Residence
from landlords.selectors import organisation_list
from news.models import Article
from news.selectors import article_list


def initiatives() -> QuerySet[Initiative]:
    """The catalogue's initiatives for a visitor (public ones only), description included."""
    indicators = Indicator.objects.prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
    ).order_by("name", "pk")
    return (
        initiative_list(user=AnonymousUser())
        .defer(None)
        .defer("search_vector")
        .prefetch_related("publics", "partners", Prefetch("indicators", queryset=indicators))
    )


def organisations() -> QuerySet[Organisation]:
    """Every organisation (their pages are public), with residences' names and communes."""
    return (
        organisation_list()
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "residences", queryset=Residence.objects.order_by("commune__name", "name", "pk")
            )
        )
    )


def meetings() -> QuerySet[Meeting]:
    """Published meetings (drafts stay with their animators), newest first, with their
    workshops; a workshop's restitution is shown only once approved (api/data.py)."""
    workshops = Workshop.objects.select_related("theme", "session_log").order_by("order", "pk")
    return (
        Meeting.objects.published()
        .select_related("club", "host")
        .prefetch_related("co_organisers", "partners", Prefetch("workshops", queryset=workshops))
        .order_by("-date", "-pk")
    )


def calls() -> QuerySet[CallForProjects]:
    """Calls out of their draft; their laureates once the results are published, without those
    whose initiative is for members only."""
    laureates = (
        announced_laureates()
        .filter(Q(initiative__isnull=True) | Q(initiative__in=Initiative.objects.public()))
        .select_related("applicant", "initiative")
        .prefetch_related("co_applicants")
        .order_by("title", "pk")
    )
    return (
        CallForProjects.objects.exclude(status=CallForProjects.Status.DRAFT)
        .select_related("organiser")
        .prefetch_related(
            "themes", Prefetch("applications", queryset=laureates, to_attr="public_laureates")
        )
        .order_by("-opens_on", "-pk")
    )


def articles() -> QuerySet[Article]:
    """Published articles, newest first, with the public initiatives they tell about."""
    return (
        article_list(user=AnonymousUser())
        .select_related("call")
        .prefetch_related(
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.public().only("pk", "title").order_by("title", "pk"),
                to_attr="public_initiatives",
            )
        )
    )
