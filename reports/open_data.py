"""The portal's open data (`/donnees/`): the public initiatives and the organisations as flat
tables, in CSV and in JSON with the same columns, under the Licence Ouverte 2.0. Each column is
declared once below: its name, its type and its meaning give the data dictionary of the page,
its getter the value in both files. Names are stable identifiers (they are part of what
re-users build on): add columns, never rename one."""

import dataclasses
import json
from collections.abc import Callable, Iterator

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.forms import valid_filters
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from initiatives.selectors import initiative_list
from landlords.models import Organisation
from landlords.selectors import organisation_list

LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
SEPARATOR = " | "  # between the items of a list in one CSV cell (a JSON file has arrays)


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "integer", "decimal", "boolean", "date", "datetime", "list", "url"
    meaning: str
    value: Callable


def _slugs(items) -> list[str]:
    return [item.slug for item in items]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def initiative_columns(absolute: Callable[[str], str]) -> list[Column]:
    return [
        Column("id", "integer", _("Stable identifier of the initiative."), lambda i: i.pk),
        Column("slug", "text", _("Identifier in the page's address."), lambda i: i.slug),
        Column("title", "text", _("Title."), lambda i: i.title),
        Column("summary", "text", _("Summary in a few lines."), lambda i: i.summary),
        Column(
            "status",
            "text",
            _("Status, one of: %(values)s.") % {"values": ", ".join(Initiative.Status.values)},
            lambda i: i.status,
        ),
        Column("themes", "list", _("Themes (identifiers)."), lambda i: _slugs(i.themes.all())),
        Column(
            "publics",
            "list",
            _("Target publics (identifiers)."),
            lambda i: _slugs(i.publics.all()),
        ),
        Column("lead", "text", _("Lead landlord (name)."), lambda i: i.lead.name),
        Column("lead_slug", "text", _("Lead landlord (identifier)."), lambda i: i.lead.slug),
        Column(
            "co_landlords",
            "list",
            _("Co-landlords (names)."),
            lambda i: [o.name for o in i.co_landlords.all()],
        ),
        Column(
            "partners",
            "list",
            _("Partners (names)."),
            lambda i: [o.name for o in i.partners.all()],
        ),
        *place_columns(),
        Column(
            "departement",
            "text",
            _("Département code (INSEE: 13, 2A, 31…)."),
            lambda i: i.departement,
        ),
        Column(
            "region",
            "text",
            _("Region (identifier)."),
            lambda i: i.region.code if i.region_id else None,
        ),
        Column(
            "in_qpv",
            "boolean",
            _("In a priority neighbourhood of the city policy (QPV)."),
            lambda i: i.in_qpv,
        ),
        Column("start_date", "date", _("Start date."), lambda i: _iso(i.start_date)),
        Column("end_date", "date", _("End date."), lambda i: _iso(i.end_date)),
        Column(
            "budget_eur",
            "decimal",
            _("Budget in euros."),
            lambda i: float(i.budget) if i.budget is not None else None,
        ),
        Column(
            "laureate",
            "boolean",
            _("Laureate of a call for projects of the club."),
            lambda i: i.is_laureate,
        ),
        Column(
            "url", "url", _("Page of the initiative."), lambda i: absolute(i.get_absolute_url())
        ),
        Column(
            "created_at", "datetime", _("Published on the portal."), lambda i: _iso(i.created_at)
        ),
        Column("updated_at", "datetime", _("Last changed."), lambda i: _iso(i.updated_at)),
    ]


def place_columns() -> list[Column]:
    """Where it is: the commune of the official list (initiatives, organisations' seats)."""

    def of_commune(attribute):
        return lambda obj: getattr(obj.commune, attribute) if obj.commune_id else None

    return [
        Column(
            "commune",
            "text",
            _("Commune (name; as typed where it matched none of the official list)."),
            lambda obj: (
                obj.commune.name if obj.commune_id else getattr(obj, "commune_label", "") or None
            ),
        ),
        Column(
            "commune_insee",
            "text",
            _("Commune (INSEE code of the Code officiel géographique)."),
            of_commune("code"),
        ),
        Column(
            "latitude",
            "decimal",
            _(
                "Latitude of the commune's centre (WGS 84, from GeoNames, CC BY 4.0; "
                "empty where not known)."
            ),
            of_commune("latitude"),
        ),
        Column(
            "longitude",
            "decimal",
            _(
                "Longitude of the commune's centre (WGS 84, from GeoNames, CC BY 4.0; "
                "empty where not known)."
            ),
            of_commune("longitude"),
        ),
    ]


def organisation_columns(absolute: Callable[[str], str]) -> list[Column]:
    return [
        Column("id", "integer", _("Stable identifier of the organisation."), lambda o: o.pk),
        Column("slug", "text", _("Identifier in the page's address."), lambda o: o.slug),
        Column("name", "text", _("Name."), lambda o: o.name),
        Column(
            "kind",
            "text",
            _("Kind, one of: %(values)s.") % {"values": ", ".join(Organisation.Kind.values)},
            lambda o: o.kind,
        ),
        Column(
            "family",
            "text",
            _("Family of a landlord, one of: %(values)s.")
            % {"values": ", ".join(Organisation.Family.values)},
            lambda o: o.family,
        ),
        Column(
            "regions",
            "list",
            _("Regions where it works (identifiers)."),
            lambda o: [r.code for r in o.regions.all()],
        ),
        Column(
            "departement",
            "text",
            _("Département of its seat (INSEE code)."),
            lambda o: o.departement,
        ),
        *place_columns(),
        Column("dwellings", "integer", _("Dwellings (landlords)."), lambda o: o.dwellings),
        Column("website", "url", _("Website."), lambda o: o.website),
        Column(
            "url",
            "url",
            _("Page of the organisation."),
            lambda o: absolute(reverse("landlords:organisation-detail", args=[o.slug])),
        ),
    ]


def public_initiatives(params) -> tuple[QuerySet[Initiative], list[tuple[str, str]]]:
    """The public initiatives the catalogue lists for a visitor with the same filters
    (`params`: a query dict), whoever asks (open data never holds members-only ones), and the
    filters that applied."""
    filterset = InitiativeFilter(params, queryset=initiative_list(user=AnonymousUser()))
    return (
        filterset.qs.select_related("commune").prefetch_related("partners", "publics"),
        valid_filters(filterset),
    )


def organisations(params) -> tuple[QuerySet[Organisation], list[tuple[str, str]]]:
    """Every organisation of the portal (their pages are public), unfiltered."""
    return organisation_list().select_related("commune"), []


def rows(columns: list[Column], objects) -> Iterator[list]:
    for obj in objects:
        yield [column.value(obj) for column in columns]


def csv_cell(value):
    """A JSON value as a CSV cell: a list joined, a boolean spelled true/false, None empty."""
    if isinstance(value, list):
        return SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def json_chunks(columns: list[Column], objects, metadata: dict) -> Iterator[str]:
    """The JSON document, streamed: {"metadata": …, "data": [{column: value}, …]}."""
    names = [column.name for column in columns]
    yield '{"metadata": ' + json.dumps(metadata, ensure_ascii=False) + ', "data": ['
    for number, row in enumerate(rows(columns, objects)):
        yield ("," if number else "") + json.dumps(
            dict(zip(names, row, strict=True)), ensure_ascii=False
        )
    yield "]}"
