from places import dataset, lookup
from places.models import Commune


def commune_named(text: str, departement: str = "") -> Commune:
    """The one commune `text` names ("Toulouse", "Saint-Martin (32)", "31555"), from the table
    or, when a transactional test's flush emptied it, from the shipped list. For the demo data
    and the tests; raises ValueError when the name is unknown or ambiguous."""
    found = lookup.matches(text, departement)
    if len(found) != 1:
        raise ValueError(f"{text!r} names {len(found)} communes")
    return commune_of(found[0])


def commune_of(row: dict) -> Commune:
    """The table's commune for a row of the shipped list, created if the table lacks it (a
    refresh not yet synced, or a transactional test's flush)."""
    commune = Commune.objects.filter(code=row["code"]).first()
    if commune is not None:
        return commune
    from landlords.models import Region

    region = Region.objects.filter(code=dataset.REGIONS[row["region"]]).first()
    commune, _created = Commune.objects.get_or_create(
        code=row["code"],
        defaults={
            "name": row["name"],
            "departement": row["departement"],
            "region": region,
            "postal_codes": " ".join(row["postal_codes"]),
            "population": row["population"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
        },
    )
    return commune
