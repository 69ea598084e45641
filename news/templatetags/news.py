"""The latest news where another app's page shows them (the home page): clubs' views do not
import news, which builds on clubs."""

from django import template

from news.selectors import latest_articles

register = template.Library()


@register.simple_tag
def latest_news(limit: int = 3):
    """The newest published articles, in one query."""
    return latest_articles(limit=limit)
