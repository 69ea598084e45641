"""Rows of the calls' permission matrix (see tests/calls/matrix.py): the jury's pages.

Judith is a juror without conflict; Victor a juror whose organisation (Wimoov) applies: he
sees the jury's list (the application by its title) but not the application's review page
nor its dossier (403: he knows it exists). Paul and Alice (the applicants) see the call and
their application but are no jurors (403); Olga sees the call (403) but not the application
(404). Bob (the organiser) and staff get the export and the dossier, not the review page."""

from tests.calls.conftest import CALL_ROLES


def row(anonymous, olga, paul, alice, judith, victor, bob, staff):
    values = [anonymous, olga, paul, alice, judith, victor, bob, staff]
    return dict(zip(CALL_ROLES, values, strict=True))


def _call(world):
    return {"slug": world["call"].slug}


def _application(world):
    return {"pk": world["application"].pk}


ROWS = {
    "initiatives:jury": ("get", row(302, 403, 403, 403, 200, 200, 403, 403), _call, None),
    "initiatives:jury-export": ("get", row(302, 403, 403, 403, 200, 200, 200, 200), _call, None),
    "initiatives:application-review": (
        "get",
        row(302, 404, 403, 403, 200, 403, 403, 403),
        _application,
        None,
    ),
    "initiatives:application-dossier": (
        "get",
        row(302, 404, 403, 403, 200, 403, 200, 200),
        _application,
        None,
    ),
}
