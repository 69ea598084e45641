"""Rows of the calls' permission matrix (see tests/calls/matrix.py): the laureates' bilans, on
the `laureate` of call_world (Wimoov with ICF Habitat, of Groupe des Chalets' decided call).
Victor is a juror but also a member of Wimoov: he writes its bilans like Paul."""

from tests.calls.conftest import CALL_ROLES


def row(anonymous, olga, paul, alice, judith, victor, bob, staff):
    """As tests.calls.matrix.row (which imports this module)."""
    values = [anonymous, olga, paul, alice, judith, victor, bob, staff]
    return dict(zip(CALL_ROLES, values, strict=True))


def _bilan(world) -> dict:
    """An intermediate bilan of the laureate, written by Paul."""
    from initiatives.models import Assessment

    laureate = world["laureate"]
    assessment = Assessment.objects.create(
        initiative=laureate.initiative,
        application=laureate,
        call=laureate.call,
        kind=Assessment.Kind.INTERMEDIATE,
        date=laureate.call.results_published_at.date(),
        text="Les premiers trajets partagés.",
        author=laureate.created_by,
    )
    return {"pk": assessment.pk}


ROWS: dict = {
    # Writing: the laureate's members; who sees the application otherwise gets a 403.
    "initiatives:bilan-add": (
        "get",
        row(302, 404, 200, 200, 403, 200, 403, 403),
        lambda world: {"pk": world["laureate"].pk},
        None,
    ),
    # The organiser's board: the call is public once decided, so 403 for the others.
    "initiatives:call-bilans": (
        "get",
        row(302, 403, 403, 403, 403, 403, 200, 200),
        lambda world: {"slug": world["laureate"].call.slug},
        None,
    ),
    # Reading one: the organiser, the laureate's members and staff; not even the jury.
    "initiatives:bilan-detail": (
        "get",
        row(302, 404, 200, 200, 404, 200, 200, 200),
        _bilan,
        None,
    ),
}
