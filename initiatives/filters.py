import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from config.collation import french
from config.search import search
from config.widgets import ListSelect
from initiatives.models import Initiative, Resource, TargetPublic
from initiatives.selectors import announced_laureates, calls_with_results, initiative_search
from landlords.departements import DepartementFilter
from landlords.models import Organisation, Region, Theme
from places import lookup
from places.forms import CommuneInput

SORTS = {
    "recent": ("-created_at", "pk"),
    "title": ("sort_title", "pk"),
    "start": (F("start_date").desc(nulls_last=True), "pk"),
}


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        widget=ListSelect,
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    public = django_filters.ModelChoiceFilter(
        label=_("Target public"),
        widget=ListSelect,
        field_name="publics",
        queryset=TargetPublic.objects.all(),
        to_field_name="slug",
        empty_label=_("All publics"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        widget=ListSelect,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    departement = DepartementFilter()
    commune = django_filters.CharFilter(
        label=_("Commune"), method="filter_commune", widget=CommuneInput
    )
    landlord = django_filters.ModelChoiceFilter(
        label=_("Landlord (lead or co-landlord)"),
        widget=ListSelect,
        queryset=Organisation.objects.landlords().only("name", "slug").order_by(french("name")),
        to_field_name="slug",
        method="filter_landlord",
        empty_label=_("All landlords"),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        widget=ListSelect,
        field_name="partners",
        # EXISTS on the link table (indexed), not a join and DISTINCT over every initiative.
        queryset=Organisation.objects.filter(
            Exists(Initiative.partners.through.objects.filter(organisation=OuterRef("pk")))
        )
        .only("name", "slug")
        .order_by(french("name")),
        to_field_name="slug",
        empty_label=_("All partners"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        widget=ListSelect,
        choices=Initiative.Status.choices,
        empty_label=_("All statuses"),
    )
    in_qpv = django_filters.BooleanFilter(
        label=_("In a QPV"),
        widget=ListSelect(choices=[("", _("Either")), ("true", _("Yes")), ("false", _("No"))]),
    )
    call = django_filters.ModelChoiceFilter(
        label=_("Laureate of the call"),
        widget=ListSelect,
        queryset=calls_with_results().only("title", "slug"),
        to_field_name="slug",
        method="filter_call",
        empty_label=_("Any or none"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        widget=ListSelect,
        method="filter_sort",
        choices=[
            ("recent", _("Newest first")),
            ("title", _("Title")),
            ("start", _("Start date")),
            ("relevance", _("Relevance (with a search)")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Initiative
        fields = []

    def filter_q(self, queryset, name, value):
        return initiative_search(queryset, value)

    def filter_commune(self, queryset, name, value):
        """An INSEE code (the map's links), a name ("toulouse", "Saint-Martin (32)"), or a part
        of names ("saint-g"): accents and hyphens forgiven as in the commune field."""
        rows = lookup.matches(value) or lookup.containing(value)
        return queryset.filter(commune_id__in=[row["code"] for row in rows])

    def filter_landlord(self, queryset, name, value):
        return queryset.filter(Q(lead=value) | Q(co_landlords=value)).distinct()

    def filter_call(self, queryset, name, value):
        laureates = announced_laureates().filter(call=value)
        return queryset.filter(pk__in=laureates.values("initiative_id"))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in `qs`, so that it sees the search

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        if (
            sort == "relevance"
            and self.form.cleaned_data.get("q")
            and "rank" in queryset.query.annotations
        ):
            return queryset.order_by("-rank", "pk")
        return queryset.order_by(*SORTS.get(sort or "recent", SORTS["recent"]))


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        widget=ListSelect,
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        widget=ListSelect,
        choices=Resource.Kind.choices,
        empty_label=_("All kinds"),
    )

    class Meta:
        model = Resource
        fields = []

    def filter_q(self, queryset, name, value):
        return search(queryset, value, fields=[("title", "A"), ("description", "B")])
