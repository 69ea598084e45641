import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from landlords.models import Organisation, Region


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    family = django_filters.ChoiceFilter(
        label=_("Landlord family"),
        choices=Organisation.Family.choices,
        empty_label=_("All families"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    departement = django_filters.CharFilter(label=_("Département"), lookup_expr="iexact")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "family", "region", "departement"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(about__icontains=value))
