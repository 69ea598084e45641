"""The official communes: the shipped list, finding a commune from what is typed, the field,
the suggestions, the refresh's sync and the migration of the old free-text communes."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from landlords.departements import DEPARTEMENTS
from landlords.models import Region
from places import dataset, geometry, lookup
from places.forms import CommuneField
from places.models import Commune
from tests.factories import InitiativeFactory, ResidenceFactory


def test_the_shipped_list_holds_every_commune_of_the_three_regions_once():
    rows = dataset.communes()
    assert len(rows) == 5752
    assert {row["departement"] for row in rows.values()} == {code for code, _name in DEPARTEMENTS}
    assert set(dataset.departements()) == {code for code, _name in DEPARTEMENTS}
    toulouse = rows["31555"]
    assert toulouse["name"] == "Toulouse"
    assert "31000" in toulouse["postal_codes"]
    assert toulouse["latitude"] == pytest.approx(43.60, abs=0.05)
    assert toulouse["longitude"] == pytest.approx(1.44, abs=0.05)
    placed = [row for row in rows.values() if row["latitude"] is not None]
    people = sum(row["population"] for row in rows.values())
    assert len(placed) > 1900
    assert sum(row["population"] for row in placed) / people > 0.9


def test_every_placed_commune_lands_inside_its_own_departement_on_the_map():
    """Guards the projection's constants and the matching of GeoNames' places to communes."""
    outlines = {code: geometry.rings(row["path"]) for code, row in dataset.departements().items()}
    far = [
        (row["name"], row["departement"])
        for row in dataset.communes().values()
        if row["latitude"] is not None
        and geometry.distance_to(
            outlines[row["departement"]], geometry.project(row["longitude"], row["latitude"])
        )
        > 1.5
    ]
    assert far == []
    # and a point in the sea off Marseille is in no département
    sea = geometry.project(5.3, 43.1)
    assert not any(geometry.contains(outline, sea) for outline in outlines.values())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Toulouse", ["31555"]),
        ("  toulouse ", ["31555"]),
        ("TOULOUSE (31)", ["31555"]),
        ("31555", ["31555"]),  # INSEE code
        ("31000", ["31555"]),  # postal code
        ("Salies du Salat", ["31523"]),  # hyphens
        ("st gaudens", ["31483"]),  # "St" for "Saint"
        ("Aix en provence", ["13001"]),
        ("onet le chateau", ["12176"]),  # accents
        ("Saint-Martin", ["32389", "65392"]),  # a name two communes share
        ("Saint-Martin (65)", ["65392"]),
        ("13003", ["13003", "13055"]),  # Alleins' INSEE code, Marseille's postal code
        ("Lyon", []),  # not in the club's regions
        ("", []),
    ],
)
def test_a_commune_is_found_from_what_people_type(typed, expected):
    assert sorted(row["code"] for row in lookup.matches(typed)) == expected


def test_suggestions_start_with_the_exact_name_then_the_largest():
    labels = [lookup.label(row) for row in lookup.suggestions("mont")]
    assert labels[0] == "Mont (65)"
    assert labels[1] == "Montpellier (34)"
    assert len(labels) == 12
    assert lookup.suggestions("m") == []


@pytest.mark.django_db
def test_the_field_gives_one_commune_or_says_why_not():
    field = CommuneField(required=False)
    assert field.clean("toulouse").code == "31555"
    assert field.clean("") is None
    with pytest.raises(ValidationError) as unknown:
        field.clean("Lyon")
    assert unknown.value.messages == [
        (
            "Aucune commune de Provence-Alpes-Côte d’Azur, de Corse ou d’Occitanie ne s’appelle "
            "«\u00a0Lyon\u00a0». Vérifiez l’orthographe, ou saisissez son code postal."
        )
    ]
    with pytest.raises(ValidationError) as several:
        field.clean("Saint-Martin")
    assert "Saint-Martin (32), Saint-Martin (65)" in several.value.messages[0]
    assert field.prepare_value(Commune.objects.get(code="31555")) == "Toulouse (31)"
    assert field.prepare_value("31555") == "Toulouse (31)"


@pytest.mark.django_db
def test_suggestions_answer_in_json_for_everyone(client):
    response = client.get("/lieux/communes", {"q": "salies-du"})
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response.json()["results"][0] == {"code": "31523", "label": "Salies-du-Salat (31)"}
    assert client.get("/lieux/communes", {"q": "x"}).json() == {"results": []}


@pytest.mark.django_db
def test_the_migrations_loaded_the_list_and_sync_keeps_what_is_still_used():
    assert Commune.objects.count() == 5752
    assert Commune.objects.get(code="13055").region == Region.objects.get(code="paca")
    initiative = InitiativeFactory(commune="Marseille")
    Commune.objects.create(code="99999", name="Disparue", departement="13")
    Commune.objects.filter(code="13055").update(name="Marseile")  # a correction to undo
    gone = Commune.objects.create(code="99998", name="Fusionnée", departement="13")
    ResidenceFactory(commune=gone)
    call_command("places_sync", stdout=io.StringIO())
    assert not Commune.objects.filter(code="99999").exists()
    assert Commune.objects.filter(code="99998").exists()  # a residence still points at it
    initiative.refresh_from_db()
    assert initiative.commune.name == "Marseille"


MIGRATE_FROM = [
    ("initiatives", "0017_commune_label"),
    ("landlords", "0012_residence_commune_label"),
]
MIGRATE_TO = [
    ("initiatives", "0019_match_free_text_communes"),
    ("landlords", "0014_match_free_text_communes"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_free_text_communes_are_matched_and_the_others_kept_and_reported(capsys):
    apps = _migrate(MIGRATE_FROM)
    # a transactional test before this one may have emptied the table: the list, as migrated
    dataset.sync(apps.get_model("places", "Commune"), apps.get_model("landlords", "Region"))
    Organisation = apps.get_model("landlords", "Organisation")
    chalets = Organisation.objects.create(
        name="Chalets", slug="chalets", kind="landlord", departement="31"
    )
    Initiative = apps.get_model("initiatives", "Initiative")
    rows = {
        "toulouse": ("Toulouse", ""),
        "martin": ("Saint-Martin", ""),  # two communes: kept
        "martin-65": ("Saint-Martin", "65"),  # its département decides
        "nowhere": ("Lyon 3e", "69"),
    }
    for slug, (commune, departement) in rows.items():
        Initiative.objects.create(
            title=slug, slug=slug, lead=chalets, commune_label=commune, departement=departement
        )
    Residence = apps.get_model("landlords", "Residence")
    Residence.objects.create(landlord=chalets, name="Crocus", commune_label="Salies du Salat")
    try:
        apps = _migrate(MIGRATE_TO)
        Initiative = apps.get_model("initiatives", "Initiative")
        found = {
            i.slug: (i.commune_id, i.commune_label, i.departement) for i in Initiative.objects.all()
        }
        assert found == {
            "toulouse": ("31555", "", "31"),
            "martin": (None, "Saint-Martin", ""),
            "martin-65": ("65392", "", "65"),
            "nowhere": (None, "Lyon 3e", "69"),
        }
        residence = apps.get_model("landlords", "Residence").objects.get()
        assert (residence.commune_id, residence.commune_label) == ("31523", "")
        report = capsys.readouterr().out
        assert "initiatives: 2 communes matched, 2 kept as typed" in report
        assert "“Saint-Martin” (several communes)" in report
        assert "“Lyon 3e” (no commune)" in report
        assert "residences: 1 communes matched, 0 kept as typed" in report
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_shipped_files_are_what_a_refresh_writes():
    """One object per line, sorted keys: a refresh's diff shows what changed."""
    text = (dataset.DATA / "communes.json").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "["
    assert lines[-1] == "]"
    assert json.loads(lines[1].rstrip(","))["code"] == "04001"
