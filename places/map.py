"""The catalogue's map: the club's départements drawn from places/data/, and a marker per
commune where initiatives are, sized by their number. Server-rendered SVG: no tile server, no
script; each marker and each département is a link to the filtered list."""

import functools
import html
import math
from dataclasses import dataclass

from django.db.models import Count
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from places import dataset, geometry
from places.models import Commune

MARGIN = 4  # SVG units around the départements
DASHED = ' class="map-departement"'


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass
class Marker:
    x: float
    y: float
    count: int
    name: str  # the commune's, or the département's for initiatives placed no nearer
    code: str  # INSEE code of the commune, or the département's code
    is_commune: bool
    query: str = ""  # the list's filters for this place (the view sets it)

    @property
    def radius(self) -> float:
        return round(4 + 2.2 * math.sqrt(self.count), 1)


@functools.cache
def departements() -> tuple[Departement, ...]:
    result = []
    for row in dataset.departements().values():
        x, y = geometry.label_point(geometry.rings(row["path"]))
        result.append(Departement(row["code"], row["name"], row["path"], round(x, 1), round(y, 1)))
    return tuple(result)


@functools.cache
def view_box() -> str:
    points = [p for d in departements() for ring in geometry.rings(d.path) for p in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    left, top = min(xs) - MARGIN, min(ys) - MARGIN
    width, height = max(xs) - min(xs) + 2 * MARGIN, max(ys) - min(ys) + 2 * MARGIN
    return f"{left:.0f} {top:.0f} {width:.0f} {height:.0f}"


def markers(initiatives) -> list[Marker]:
    """One marker per commune of `initiatives` (a filtered queryset) that has coordinates; the
    initiatives of a commune without coordinates, or with a département and no commune, make
    one marker on their département. Two queries: the counts, then the communes."""
    by_commune, by_departement = {}, {}
    if initiatives.query.distinct:  # a filter joined (a landlord, lead or co-landlord): once each
        initiatives = initiatives.model.objects.filter(pk__in=initiatives.values("pk"))
    # COUNT(*) over (visibility, commune, département): an index-only scan of the
    # initiative_map_counts index for the unfiltered map (17 ms at 100,000 initiatives).
    counts = (
        initiatives.order_by().values_list("commune_id", "departement").annotate(count=Count("*"))
    )
    for commune_id, departement, count in counts:
        if commune_id:
            by_commune[commune_id] = by_commune.get(commune_id, 0) + count
        elif departement:
            code = departement.upper()
            by_departement[code] = by_departement.get(code, 0) + count
    result = []
    communes = Commune.objects.filter(code__in=by_commune).only(
        "code", "name", "departement", "latitude", "longitude"
    )
    for commune in communes:
        count = by_commune[commune.code]
        if commune.latitude is None:
            by_departement[commune.departement] = by_departement.get(commune.departement, 0) + count
            continue
        x, y = geometry.project(commune.longitude, commune.latitude)
        result.append(Marker(round(x, 1), round(y, 1), count, commune.name, commune.code, True))
    drawn = {d.code: d for d in departements()}
    for code, count in by_departement.items():
        if code in drawn:
            d = drawn[code]
            result.append(Marker(d.label_x, d.label_y, count, d.name, code, False))
    # Largest first, so that small markers are drawn over the large ones and stay reachable.
    return sorted(result, key=lambda m: (-m.count, m.name))


def _link(marker: Marker, base: str) -> str:
    return html.escape(f"{base}?{marker.query}")


def marker_links(markers: list[Marker], base: str) -> SafeString:
    """The markers as SVG links. Written here, not in the template: the unfiltered map has
    hundreds, and a template loop with a plural translation each took 100 ms of the page."""
    parts = []
    for m in markers:
        label = ngettext(
            "%(name)s: %(counter)s initiative", "%(name)s: %(counter)s initiatives", m.count
        ) % {
            "name": m.name,
            "counter": m.count,
        }
        kind = "map-commune" if m.is_commune else "map-departement"
        parts.append(
            f'<a href="{_link(m, base)}" class="{kind}" aria-label="{html.escape(label)}">'
            f"<title>{html.escape(m.name)} — {m.count}</title>"
            f'<circle cx="{m.x:.1f}" cy="{m.y:.1f}" r="{m.radius:.1f}"/></a>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 — every text escaped above


def marker_counts(markers: list[Marker]) -> SafeString:
    """The counts, drawn over every circle so that a neighbour's circle never hides one."""
    parts = [
        f'<text x="{m.x:.1f}" y="{m.y:.1f}" dy="0.35em"{"" if m.is_commune else DASHED}>'
        f"{m.count}</text>"
        for m in markers
        if m.count > 1
    ]
    return mark_safe("".join(parts))  # noqa: S308 — numbers only


def place_list(markers: list[Marker], base: str) -> SafeString:
    """The map's text alternative: each place with its count, linking where its marker does."""
    parts = []
    for m in markers:
        name = m.name if m.is_commune else gettext("Elsewhere in %(name)s") % {"name": m.name}
        count = ngettext("%(counter)s initiative", "%(counter)s initiatives", m.count) % {
            "counter": m.count
        }
        parts.append(
            f'<li><a href="{_link(m, base)}">{html.escape(name)}</a> '
            f'<span class="muted">{html.escape(count)}</span></li>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 — every text escaped above
