"""The columns of the catalogue's CSV and XLSX downloads; config.spreadsheets writes them."""

from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from initiatives.models import Initiative


def _names(items) -> str:
    return ", ".join(item.name for item in items)


def catalogue_table(
    initiatives: QuerySet[Initiative], *, absolute_uri: Callable[[str], str]
) -> tuple[list[str], Iterator[list]]:
    """The header and the rows (one per initiative, read as they are written) of the export of
    `initiatives`, a queryset of `initiative_list`; `absolute_uri` turns a path into
    the address a reader follows (the request's `build_absolute_uri`)."""
    header = [
        _("Title"),
        _("Lead organisation"),
        _("Co-landlords"),
        _("Partners"),
        _("Themes"),
        _("Target publics"),
        _("Commune"),
        _("Département"),
        _("Region"),
        _("In a QPV"),
        _("Status"),
        _("Start date"),
        _("End date"),
        _("Budget (€)"),
        _("Laureate of a call"),
        _("Address"),
    ]
    rows = (
        [
            initiative.title,
            initiative.lead.name,
            _names(initiative.co_landlords.all()),
            _names(initiative.partners.all()),
            _names(initiative.themes.all()),
            _names(initiative.publics.all()),
            initiative.commune_name,
            initiative.departement,
            initiative.region.name if initiative.region else "",
            _("yes") if initiative.in_qpv else _("no"),
            initiative.get_status_display(),
            initiative.start_date.isoformat() if initiative.start_date else "",
            initiative.end_date.isoformat() if initiative.end_date else "",
            float(initiative.budget) if initiative.budget is not None else "",
            _("yes") if initiative.is_laureate else _("no"),
            absolute_uri(initiative.get_absolute_url()),
        ]
        for initiative in initiatives.prefetch_related("partners", "publics")
    )
    return header, rows
