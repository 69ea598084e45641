from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative


class NewInitiativesFeed(Feed):
    """The newest public initiatives (never members-only ones, whoever asks)."""

    feed_type = Atom1Feed
    title = _("Club Innovation sociale — new initiatives")
    subtitle = _("The social initiatives that landlords of PACA & Corse and Occitanie share.")
    link = reverse_lazy("initiatives:catalogue")

    def items(self):
        return (
            Initiative.objects.public()
            .select_related("lead")
            .prefetch_related("themes")
            .order_by("-created_at", "pk")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.lead.name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]
