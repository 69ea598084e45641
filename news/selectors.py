"""Reads of the news used by more than one view (the list, the home page, the feed)."""

from django.db.models import Prefetch, QuerySet

from initiatives.models import Initiative
from news.models import Article


def article_list(*, user) -> QuerySet[Article]:
    """Newest first, what `user` may see, with what the cards show in the same query."""
    return Article.objects.visible_to(user).select_related("meeting__club").order_by("-date", "-id")


def latest_articles(*, limit: int = 3) -> list[Article]:
    """The home page's newest published articles, in one query."""
    return list(
        Article.objects.published().select_related("meeting__club").order_by("-date", "-id")[:limit]
    )


def article_detail_queryset(*, user) -> QuerySet[Article]:
    """An article with its meeting, its call and the initiatives `user` may open."""
    return Article.objects.select_related("meeting__club", "call__organiser").prefetch_related(
        Prefetch(
            "initiatives",
            queryset=Initiative.objects.visible_to(user).select_related("lead").order_by("title"),
        )
    )
