"""Rows of the calls' permission matrix (see tests/calls/matrix.py): the organiser's and the
applicants' pages.

The call is open. Only staff write a new call here (Bob manages the Chalets' call but is no
editor of his organisation); Bob and staff manage the call. Olga (Erilia), Paul and Victor
(Wimoov) and Alice (ICF) may apply; Judith's AR Hlm is a federation, which the call does not
accept, and Bob's Chalets organise it. The application is Wimoov's with ICF: Paul, Victor and
Alice are its applicants; Judith reads it as a juror, Bob as the organiser; Olga does not see it
(404). Nobody decides while the call is open (403)."""

from tests.calls.conftest import CALL_ROLES


def row(anonymous, olga, paul, alice, judith, victor, bob, staff):
    values = [anonymous, olga, paul, alice, judith, victor, bob, staff]
    return dict(zip(CALL_ROLES, values, strict=True))


def _none(world):
    return {}


def _call(world):
    return {"slug": world["call"].slug}


def _application(world):
    return {"pk": world["application"].pk}


def _attachment(world):
    return {"pk": world["attachment"].pk}


MANAGERS = row(302, 403, 403, 403, 403, 403, 200, 200)
APPLICANTS = row(302, 404, 200, 200, 403, 200, 403, 403)
APPLICANTS_POST = row(302, 404, 302, 302, 403, 302, 403, 403)

ROWS = {
    "initiatives:call-create": ("get", row(302, 403, 403, 403, 403, 403, 403, 200), _none, None),
    "initiatives:call-edit": ("get", MANAGERS, _call, None),
    "initiatives:call-open": ("get", MANAGERS, _call, None),
    "initiatives:call-review-start": ("get", MANAGERS, _call, None),
    "initiatives:call-results-publish": ("get", MANAGERS, _call, None),
    "initiatives:call-board": ("get", MANAGERS, _call, None),
    "initiatives:application-create": (
        "get",
        row(302, 200, 200, 200, 403, 200, 403, 403),
        _call,
        None,
    ),
    "initiatives:application-detail": (
        "get",
        row(302, 404, 200, 200, 200, 200, 200, 200),
        _application,
        None,
    ),
    "initiatives:application-edit": ("get", APPLICANTS, _application, None),
    "initiatives:application-submit": ("get", APPLICANTS, _application, None),
    "initiatives:application-withdraw": ("get", APPLICANTS, _application, None),
    "initiatives:application-attachment-add": ("post", APPLICANTS_POST, _application, None),
    "initiatives:attachment-download": (
        "get",
        row(302, 404, 200, 200, 200, 200, 200, 200),
        _attachment,
        None,
    ),
    "initiatives:attachment-delete": ("post", APPLICANTS_POST, _attachment, None),
    "initiatives:application-decide": (
        "get",
        row(302, 404, 403, 403, 403, 403, 403, 403),
        _application,
        None,
    ),
}
