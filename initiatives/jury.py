"""The jury of a call for projects: a juror's review (a score per criterion, an opinion), what
a juror's list shows, and what the organiser reads of it (the summary per application with
its weighted mean, the spread between jurors and a ranking; the progress of each juror).

The reads cost a fixed number of queries whatever the number of applications and jurors: the
call's applications come with their co-applicants and reviews (with their scores) prefetched,
and the means are computed in Python on those rows (exactly, with fractions, so that ties
share a rank)."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Application, CallForProjects, Criterion, Review, ReviewScore
from landlords.models import User

# What the jury sees of a call: the applications once submitted, and after the decisions.
JURY_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.LAUREATE,
    Application.Status.NOT_RETAINED,
)
SCORE_MIN, SCORE_MAX = 0, 5
SCORE_COMMENT_MAX = 1000


def score_field(criterion_id: int) -> str:
    """The name of a criterion's score, in forms and in a service's ValidationError."""
    return f"score_{criterion_id}"


def score_comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


# --- Writes ------------------------------------------------------------------------------------


def review_save(
    *,
    actor: User,
    application: Application,
    opinion: str = "",
    comment: str = "",
    scores: dict | None = None,
    conflict: bool = False,
) -> Review:
    """Save `actor`'s review of `application`: `scores` maps each criterion's id to
    (value 0–5, comment). Every criterion of the call gets a score, and an opinion is given.

    `conflict=True` declares a conflict of interest instead (any juror of the call, while the
    application is submitted): the scores are removed, the opinion too, the comment says why;
    the juror no longer sees the application afterwards."""
    call = application.call
    if conflict:
        if not (
            actor.has_perm("initiatives.review_call", call)
            and application.status == Application.Status.SUBMITTED
        ):
            raise PermissionDenied
    elif not actor.has_perm("initiatives.review_application", application):
        raise PermissionDenied
    criteria = list(Criterion.objects.filter(call_id=call.pk))
    comment = (comment or "").strip()
    cleaned: dict[int, tuple[int, str]] = {}
    if not conflict:
        cleaned = _clean_scores(criteria, scores or {})
        opinion = opinion or ""
        errors = {}
        if opinion not in Review.Opinion.values:
            errors["opinion"] = _("Give your overall opinion.")
        if errors:
            raise ValidationError(errors)
    else:
        opinion = ""
    with transaction.atomic():
        # The state, read under lock: the rules said so at the request's start, but a decision
        # may have come meanwhile (and a superuser's has_perm answers yes to everything).
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call")
            .get(pk=application.pk)
        )
        scoring = locked.call.phase() in {
            CallForProjects.Phase.CLOSED,
            CallForProjects.Phase.UNDER_REVIEW,
        }
        if locked.status != Application.Status.SUBMITTED or not (conflict or scoring):
            raise ValidationError(_("The reviews of this application are closed."))
        review = (
            Review.objects.select_for_update()
            .filter(application_id=application.pk, juror_id=actor.pk)
            .first()
        )
        if review is None:
            review = _review_create(actor, application)
        review.opinion = opinion
        review.comment = comment
        review.conflict_declared = conflict
        review.updated_at = timezone.now()
        review._history_user = actor
        review.save(update_fields=["opinion", "comment", "conflict_declared", "updated_at"])
        if conflict:
            ReviewScore.objects.filter(review=review).delete()
        else:
            ReviewScore.objects.filter(review=review).exclude(criterion_id__in=cleaned).delete()
            ReviewScore.objects.bulk_create(
                [
                    ReviewScore(review=review, criterion_id=pk, value=value, comment=text)
                    for pk, (value, text) in cleaned.items()
                ],
                update_conflicts=True,
                unique_fields=["review", "criterion"],
                update_fields=["value", "comment"],
            )
    return review


def _review_create(actor, application) -> Review:
    """The juror's review row, created locked (or the one another request just created)."""
    review = Review(application=application, juror=actor)
    review._history_user = actor
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # created meanwhile by a second click
        review = Review.objects.select_for_update().get(
            application_id=application.pk, juror_id=actor.pk
        )
    return review


def _clean_scores(criteria, scores: dict) -> dict[int, tuple[int, str]]:
    errors = {}
    cleaned = {}
    known = {criterion.pk for criterion in criteria}
    for criterion in criteria:
        given = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        value, text = given if isinstance(given, list | tuple) else (given, "")
        text = (text or "").strip()
        try:
            number = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            number = -1
        if number is None:
            errors[score_field(criterion.pk)] = _("Give a score from 0 to 5.")
        elif not SCORE_MIN <= number <= SCORE_MAX or str(value).strip() != str(number):
            errors[score_field(criterion.pk)] = _("A score goes from 0 to 5.")
        elif len(text) > SCORE_COMMENT_MAX:
            errors[score_comment_field(criterion.pk)] = _("At most %(max)d characters.") % {
                "max": SCORE_COMMENT_MAX
            }
        else:
            cleaned[criterion.pk] = (number, text)
    unknown = [key for key in scores if str(key) not in {str(pk) for pk in known}]
    if unknown:
        errors.setdefault("__all__", []).append(_("A score names a criterion of another call."))
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- Reads -------------------------------------------------------------------------------------


def _is_complete(review: Review, criterion_ids: set[int]) -> bool:
    """Not a conflict, and a score for each criterion of the call."""
    return not review.conflict_declared and criterion_ids <= {
        score.criterion_id for score in review.scores.all()
    }


def juror_mean(review: Review, weights: dict[int, int]) -> Fraction | None:
    """sum(score × weight) / sum(weight) over the call's criteria (None when incomplete)."""
    values = {score.criterion_id: score.value for score in review.scores.all()}
    if review.conflict_declared or not weights or not set(weights) <= set(values):
        return None
    total = sum(weights.values())
    return Fraction(sum(values[pk] * weight for pk, weight in weights.items()), total)


def jury_applications(user: User, call: CallForProjects) -> list[Application]:
    """What a juror's list shows: the call's submitted applications (and, once decided, the
    laureates and those not retained), each with
    - `conflict`: True when the juror's organisation applies (or co-applies) or the juror
      declared a conflict; the list then shows its title only, without a link to the content;
    - `conflict_declared`: the juror declared it;
    - `my_review`: the juror's review or None; `reviewed`: it scores every criterion.
    Four queries whatever the number of applications."""
    criterion_ids = set(call.criteria.values_list("pk", flat=True))
    applications = list(
        call.applications.filter(status__in=JURY_STATUSES)
        .select_related("applicant")
        .prefetch_related(
            "co_applicants",
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(juror_id=user.pk).prefetch_related("scores"),
                to_attr="my_reviews",
            ),
        )
        .order_by("title", "pk")
    )
    for application in applications:
        review = application.my_reviews[0] if application.my_reviews else None
        application.my_review = review
        application.conflict_declared = bool(review and review.conflict_declared)
        application.conflict = (
            user.organisation_id in application.organisation_ids() or application.conflict_declared
        )
        application.reviewed = bool(review and _is_complete(review, criterion_ids))
    return applications


@dataclass
class JurorMean:
    juror: User
    mean: float
    review: Review


@dataclass
class SummaryRow:
    """One application on the organiser's board (see review_summary)."""

    application: Application
    reviews_done: int
    jurors_expected: int
    weighted_mean: float | None
    spread: float | None
    rank: int | None = None
    juror_means: list[JurorMean] = field(default_factory=list)
    exact_mean: Fraction | None = field(default=None, repr=False)


@dataclass
class ProgressRow:
    """One juror on the organiser's board (see jury_progress)."""

    juror: User
    reviewed: int
    to_review: int
    expected: int
    conflicts: int
    started: int = 0


def _jury_data(call: CallForProjects):
    """The jurors, the criteria's weights and the applications the jury sees, with their
    co-applicants and every review (and its scores): five queries."""
    jurors = list(call.jurors.select_related("organisation").order_by("full_name", "pk"))
    weights = dict(call.criteria.values_list("pk", "weight"))
    applications = list(
        call.applications.filter(status__in=JURY_STATUSES)
        .select_related("applicant")
        .prefetch_related(
            "co_applicants",
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("juror").prefetch_related("scores"),
            ),
        )
        .order_by("title", "pk")
    )
    return jurors, weights, applications


def _without_conflict(juror, application, reviews_by_juror) -> bool:
    review = reviews_by_juror.get(juror.pk)
    return juror.organisation_id not in application.organisation_ids() and not (
        review and review.conflict_declared
    )


def review_summary(call: CallForProjects) -> list[SummaryRow]:
    """The organiser's summary, one SummaryRow per application the jury sees, best first:
    - reviews_done: reviews of current jurors without conflict that score every criterion;
    - jurors_expected: the jurors without conflict (organisation or declared);
    - weighted_mean: per juror sum(score × weight) / sum(weight), then the mean over those
      jurors (a float; None when no review is done);
    - spread: max − min of the jurors' weighted means (None under two reviews done);
    - rank: 1 for the best mean, ties share a rank (1, 1, 3); None without a mean; rows
      without a mean come last, by title;
    - juror_means: [JurorMean(juror, mean, review)] of the reviews done.
    Five queries whatever the number of applications, jurors and reviews."""
    jurors, weights, applications = _jury_data(call)
    criterion_ids = set(weights)
    rows = []
    for application in applications:
        reviews_by_juror = {review.juror_id: review for review in application.reviews.all()}
        expected = [j for j in jurors if _without_conflict(j, application, reviews_by_juror)]
        means = []
        for juror in expected:
            review = reviews_by_juror.get(juror.pk)
            if review is not None and _is_complete(review, criterion_ids):
                means.append((juror, juror_mean(review, weights), review))
        exact = sum(m for _, m, _ in means) / len(means) if means else None
        rows.append(
            SummaryRow(
                application=application,
                reviews_done=len(means),
                jurors_expected=len(expected),
                weighted_mean=float(exact) if exact is not None else None,
                spread=(
                    float(max(m for _, m, _ in means) - min(m for _, m, _ in means))
                    if len(means) >= 2
                    else None
                ),
                juror_means=[JurorMean(j, float(m), r) for j, m, r in means],
                exact_mean=exact,
            )
        )
    ranked = sorted((row for row in rows if row.exact_mean is not None), key=_by_mean)
    for position, row in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        row.rank = previous.rank if previous and previous.exact_mean == row.exact_mean else position
    unranked = [row for row in rows if row.exact_mean is None]
    return ranked + unranked


def _by_mean(row: SummaryRow):
    return (-row.exact_mean, row.application.title, row.application.pk)


def jury_progress(call: CallForProjects) -> list[ProgressRow]:
    """Per juror (by name): `reviewed` the applications they scored on every criterion,
    `expected` those they review (the jury's applications without a conflict), `to_review`
    the difference, `conflicts` the applications they may not review (their organisation
    applies, or they declared it), `started` the reviews begun but not complete. The same
    five queries as review_summary."""
    jurors, weights, applications = _jury_data(call)
    criterion_ids = set(weights)
    rows = []
    for juror in jurors:
        reviewed = expected = conflicts = started = 0
        for application in applications:
            reviews_by_juror = {review.juror_id: review for review in application.reviews.all()}
            if not _without_conflict(juror, application, reviews_by_juror):
                conflicts += 1
                continue
            expected += 1
            review = reviews_by_juror.get(juror.pk)
            if review is not None and _is_complete(review, criterion_ids):
                reviewed += 1
            elif review is not None:
                started += 1
        rows.append(
            ProgressRow(
                juror=juror,
                reviewed=reviewed,
                to_review=expected - reviewed,
                expected=expected,
                conflicts=conflicts,
                started=started,
            )
        )
    return rows


def application_for_jury(pk: int) -> Application:
    """An application with what its jury page and its dossier show (raises DoesNotExist)."""
    return (
        Application.objects.select_related("call__organiser", "applicant")
        .prefetch_related(
            "co_applicants",
            "partners",
            "publics",
            "residences",
            "planned_indicators",
            "attachments",
            "call__criteria",
            "call__jurors",
        )
        .get(pk=pk)
    )


def dossier_data(application: Application, *, anonymous: bool) -> dict:
    """The application's dossier as plain data (the PDF's digest is computed on it).
    `anonymous`: without the applicant's and co-applicants' names (the jury of an anonymous
    call), attachments by their label only."""
    call = application.call
    return {
        "anonymous": anonymous,
        "call": {
            "title": call.title,
            "organiser": call.organiser.name,
            "ceiling": call.ceiling,
            "closes_on": call.closes_on,
        },
        "application": {
            "id": application.pk,
            "reference": application_reference(application),
            "title": application.title,
            "applicant": "" if anonymous else application.applicant.name,
            "co_applicants": [] if anonymous else [o.name for o in application.co_applicants.all()],
            "status": application.get_status_display(),
            "submitted_at": application.submitted_at,
            "summary": application.summary,
            "objectives": application.objectives,
            "territory": application.territory,
            "residences": [f"{r.name} ({r.commune_name})" for r in application.residences.all()],
            "publics": [p.name for p in application.publics.all()],
            "partners": [o.name for o in application.partners.all()],
            "budget": application.budget,
            "amount_asked": application.amount_asked,
            "co_financing": application.co_financing,
            "indicators": [
                {"name": i.name, "unit": i.unit, "target": i.target}
                for i in application.planned_indicators.all()
            ],
            "attachments": [
                {"label": a.label, "filename": "" if anonymous else a.filename}
                for a in application.attachments.all()
            ],
        },
        "criteria": [
            {"title": c.title, "description": c.description, "weight": c.weight}
            for c in call.criteria.all()
        ],
    }


def application_reference(application: Application) -> str:
    """How the jury names an application besides its title (N° 12)."""
    return _("No. %(number)s") % {"number": application.pk}


DOSSIER_TEMPLATE = "reports/application_dossier.html"


def _dossier_template_version() -> str:
    """The dossier template's own digest (reports' templates_version does not list it): a
    change of the template builds the dossiers again."""
    import hashlib
    from pathlib import Path

    from django.template import engines

    engine = engines["django"]
    source = Path(engine.engine.find_template(DOSSIER_TEMPLATE)[1].name).read_bytes()
    return hashlib.sha256(source).hexdigest()[:16]


def dossier_pdf(*, application: Application, anonymous: bool, may_build=None) -> bytes:
    """The application's dossier PDF, through reports' WeasyPrint pipeline and PDF cache (by
    the digest of its data: a changed application gives a new PDF). One file per application
    and audience (with or without names)."""
    # Imported here: reports reads the apps; the apps load it only when a PDF is asked for.
    from reports.services import cached_pdf

    return cached_pdf(
        f"dossier-{_dossier_template_version()}",
        f"dossier-{application.pk}-{'anonymous' if anonymous else 'named'}",
        DOSSIER_TEMPLATE,
        lambda: dossier_data(application, anonymous=anonymous),
        may_build=may_build,
    )
