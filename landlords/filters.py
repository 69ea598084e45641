import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from config.collation import french
from config.search import search
from config.widgets import ListSelect
from landlords.departements import DepartementFilter
from landlords.models import Organisation, Region, Skill, Theme, User


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        widget=ListSelect,
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
    )
    family = django_filters.ChoiceFilter(
        label=_("Landlord family"),
        widget=ListSelect,
        choices=Organisation.Family.choices,
        empty_label=_("All families"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        widget=ListSelect,
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    departement = DepartementFilter()

    class Meta:
        model = Organisation
        fields = ["q", "kind", "family", "region", "departement"]

    def filter_q(self, queryset, name, value):
        return search(queryset, value, fields=[("name", "A"), ("about", "C")])


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        widget=ListSelect,
        # EXISTS, not a join and DISTINCT over the organisations' every column.
        queryset=Organisation.objects.filter(
            Exists(User.objects.in_directory().filter(organisation=OuterRef("pk")))
        )
        .only("name", "slug")
        .order_by(french("name")),
        to_field_name="slug",
        empty_label=_("All organisations"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        widget=ListSelect,
        field_name="organisation__regions",
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        widget=ListSelect,
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"),
        widget=ListSelect,
        field_name="skills",
        queryset=Skill.objects.all(),
        to_field_name="slug",
        empty_label=_("All skills"),
    )

    class Meta:
        model = User
        fields = ["q", "organisation", "region", "theme", "skill"]

    def filter_q(self, queryset, name, value):
        """Names and job titles; or a skill the member offers ("accompagnement" finds those
        who offer "Accompagnement de projets")."""

        def by_skill(text):
            skills = search(Skill.objects.all(), text, fields=[("name", "A")]).values("pk")
            offered = User.skills.through.objects.filter(user=OuterRef("pk"), skill__in=skills)
            return Q(Exists(offered))

        fields = [("full_name", "A"), ("job_title", "B")]
        return search(queryset, value, fields=fields, extra=by_skill)
