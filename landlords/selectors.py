"""Reads on organisations shared by views (eager loading lives here)."""

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Lower

from landlords.models import Organisation, Residence


def organisation_list() -> QuerySet[Organisation]:
    return (
        Organisation.objects.prefetch_related("regions")
        .annotate(residence_count=Count("residences", distinct=True))
        .order_by(Lower("name"), "pk")
    )


def organisation_detail_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related(
        "regions",
        Prefetch("residences", queryset=Residence.objects.order_by("commune", "name")),
    )
