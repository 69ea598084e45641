"""Reads on clubs and meetings used by several views."""

from django.db.models import Prefetch, QuerySet

from clubs.models import Club, Meeting


def meeting_upcoming_list() -> QuerySet[Meeting]:
    """Published meetings from today on, soonest first (drafts stay with their animators)."""
    return (
        Meeting.objects.published()
        .upcoming()
        .select_related("club", "host")
        .prefetch_related("partners")
    )


def club_list() -> QuerySet[Club]:
    """Clubs with their regions and their upcoming published meetings."""
    upcoming = meeting_upcoming_list()
    return Club.objects.prefetch_related(
        "regions", Prefetch("meetings", queryset=upcoming, to_attr="upcoming_meetings")
    ).order_by("name")
