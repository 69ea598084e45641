import django_filters

from news.models import Article


class ArticleFilter(django_filters.FilterSet):
    """No filter yet: the list is short. It gives the list what `config.forms.paginate` needs
    (and a place for a year or a theme filter later)."""

    class Meta:
        model = Article
        fields = []
