import datetime

from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from news.models import Article


class ArticlesFeed(Feed):
    """The newest published articles (never a draft, whoever asks)."""

    feed_type = Atom1Feed
    title = _("Club Innovation sociale — news")
    subtitle = _("News of the Club Innovation sociale of AR Hlm.")
    link = reverse_lazy("news:list")

    def items(self):
        return Article.objects.published().order_by("-date", "-id")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's summary is HTML (type="html"): the plain text is escaped into paragraphs first,
        # so that a reader shows "<script>" as text.
        return linebreaks_filter(Truncator(item.text).words(60), autoescape=True)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.updated_at
