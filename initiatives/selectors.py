"""Reads on initiatives shared by views (eager loading and search live here)."""

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from initiatives.models import (
    Application,
    Assessment,
    Indicator,
    Initiative,
    Measurement,
    Photo,
)
from landlords.models import Organisation


def initiative_list(*, user) -> QuerySet[Initiative]:
    """What the catalogue lists for `user`, with what its cards show."""
    laureate = Application.objects.filter(
        initiative=OuterRef("pk"), status=Application.Status.LAUREATE
    )
    return (
        Initiative.objects.visible_to(user)
        .select_related("lead", "region")
        .prefetch_related("themes", "co_landlords")
        .annotate(is_laureate=Exists(laureate))
    )


def initiative_search(queryset: QuerySet[Initiative], text: str) -> QuerySet[Initiative]:
    """French full-text search on PostgreSQL (stemming: "jardin" finds "jardins"); on SQLite,
    every word must appear in the title, summary, description or commune."""
    text = (text or "").strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, config="french", search_type="websearch")
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank("search_vector", query)
        )
    for word in text.split():
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(commune__icontains=word)
        )
    return queryset


def initiative_detail_queryset(*, user) -> QuerySet[Initiative]:
    indicators = Indicator.objects.prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
    ).order_by("name")
    return (
        Initiative.objects.visible_to(user)
        .select_related(
            "lead",
            "region",
            "contact__organisation",
            "origin_action__session_log__workshop__meeting",
        )
        .prefetch_related(
            "themes",
            "publics",
            "partners",
            "co_landlords",
            "residences",
            Prefetch("indicators", queryset=indicators),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("author", "call").order_by("date"),
            ),
            Prefetch("photos", queryset=Photo.objects.order_by("created_at", "pk")),
            Prefetch(
                "applications",
                queryset=Application.objects.select_related("call__organiser"),
            ),
            "fundings__funder",
            "fundings__call",
        )
    )


def related_initiatives(initiative: Initiative, *, user, limit: int = 4):
    """Initiatives sharing a theme, those of the same département first."""
    theme_ids = [theme.pk for theme in initiative.themes.all()]
    candidates = (
        Initiative.objects.visible_to(user)
        .exclude(pk=initiative.pk)
        .filter(themes__in=theme_ids)
        .distinct()
        .select_related("lead")
    )
    same_place = []
    if initiative.departement:
        same_place = list(candidates.filter(departement=initiative.departement)[:limit])
    others = candidates.exclude(pk__in=[i.pk for i in same_place])
    return same_place + list(others.order_by("-created_at")[: limit - len(same_place)])


def organisations_for_filters() -> dict:
    return {
        "landlords": Organisation.objects.landlords().order_by("name"),
        "partners": Organisation.objects.order_by("name"),
    }
