"""The jury's pages: a juror's list of the call's applications, the review of one, the XLSX of
the applications and scores, the PDF dossier of an application.

Access: a call the user may not see, an application they may not see (and are not a juror
of its call), is a 404; a juror with a conflict on an application knows it exists (its title
is in their list), so their refusals there are 403, as for the applicants and the organiser,
who see the application but do not review it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.views import confirm_page
from config.forms import errors_into, require_perm
from config.spreadsheets import xlsx_response
from initiatives import jury
from initiatives.jury_forms import ReviewForm
from initiatives.models import Application, CallForProjects, Review
from initiatives.permissions import is_juror_without_conflict
from landlords.permissions import member_required


def _call_for(request, slug) -> CallForProjects:
    call = get_object_or_404(
        CallForProjects.objects.select_related("organiser").prefetch_related("jurors"),
        slug=slug,
    )
    if not request.user.has_perm("initiatives.see_call", call):
        raise Http404
    return call


def _application_for(request, pk) -> Application:
    """The application, or 404 to whoever may not know it exists: neither one who sees it
    (applicants, organiser, jurors without conflict) nor a juror of its call once submitted."""
    try:
        application = jury.application_for_jury(pk)
    except Application.DoesNotExist:
        raise Http404 from None
    user = request.user
    if not (
        user.has_perm("initiatives.see_application", application) or _juror_sees(user, application)
    ):
        raise Http404
    return application


def _juror_sees(user, application) -> bool:
    """A juror of the call knows the applications the jury sees (conflicts: the title)."""
    return application.status in jury.JURY_STATUSES and user.has_perm(
        "initiatives.review_call", application.call
    )


def _anonymous_for(user, call) -> bool:
    """The names are hidden from the jury of an anonymous call (not from its organiser)."""
    return call.anonymous_review and not user.has_perm("initiatives.manage_call", call)


@member_required
def jury_list(request, slug):
    """A juror's list of the call's applications: titles (and applicants, unless the review
    is anonymous), what the juror reviewed; conflicts by title only."""
    call = _call_for(request, slug)
    require_perm(request.user, "initiatives.review_call", call)
    applications = jury.jury_applications(request.user, call)
    done = sum(1 for a in applications if a.reviewed)
    open_to_review = sum(1 for a in applications if not a.conflict)
    return render(
        request,
        "initiatives/jury/list.html",
        {
            "call": call,
            "applications": applications,
            "anonymous": call.anonymous_review,
            "done": done,
            "open_to_review": open_to_review,
            "scoring_open": call.phase()
            in {CallForProjects.Phase.CLOSED, CallForProjects.Phase.UNDER_REVIEW},
        },
    )


@member_required
def application_review(request, pk):
    """GET: the application (read-only) and the juror's review form; POST saves the review,
    or, with `conflict`, asks then declares a conflict of interest."""
    application = _application_for(request, pk)
    user = request.user
    call = application.call
    if not (_juror_sees(user, application) and is_juror_without_conflict(user, application)):
        raise PermissionDenied
    review = (
        Review.objects.filter(application=application, juror=user)
        .prefetch_related("scores__criterion")
        .first()
    )
    criteria = list(call.criteria.all())
    may_score = user.has_perm("initiatives.review_application", application)
    form = ReviewForm(criteria=criteria, review=review)
    if request.method == "POST":
        if request.POST.get("conflict"):
            return _declare_conflict(request, application)
        if not may_score:
            raise PermissionDenied
        form = ReviewForm(request.POST, criteria=criteria, review=review)
        if form.is_valid():
            try:
                jury.review_save(
                    actor=user,
                    application=application,
                    opinion=form.cleaned_data["opinion"],
                    comment=form.cleaned_data["comment"],
                    scores=form.scores(),
                )
            except ValidationError as error:
                errors_into(form, error)
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("initiatives:jury", slug=call.slug)
    return render(
        request,
        "initiatives/jury/review.html",
        {
            "call": call,
            "application": application,
            "reference": jury.application_reference(application),
            "anonymous": call.anonymous_review,
            "form": form,
            "review": review,
            "may_score": may_score,
            "may_declare": application.status == Application.Status.SUBMITTED,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _declare_conflict(request, application):
    back = request.path
    if request.POST.get("confirmed") != "1":
        return confirm_page(
            request,
            title=_("Declare a conflict of interest?"),
            question=_(
                "Your scores on “%(title)s” will be removed and you will no longer see this "
                "application. The organiser sees that you declared a conflict."
            )
            % {"title": application.title},
            button=_("Declare a conflict of interest"),
            back=back,
            hidden={"conflict": "1", "confirmed": "1"},
        )
    try:
        jury.review_save(
            actor=request.user,
            application=application,
            comment=request.POST.get("reason", ""),
            conflict=True,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("Your conflict of interest on “%(title)s” is recorded.") % {"title": application.title},
    )
    return redirect("initiatives:jury", slug=application.call.slug)


@member_required
def jury_export(request, slug):
    """The applications and scores as XLSX: the organiser gets every juror's scores, a juror
    the applications without conflict and their own scores (no names when anonymous)."""
    call = _call_for(request, slug)
    user = request.user
    stamp = timezone.localdate().isoformat()
    filename = f"jury-{call.slug}-{stamp}.xlsx"
    criteria = list(call.criteria.all())
    if user.has_perm("initiatives.manage_call", call):
        header, rows = _organiser_table(call, criteria)
    elif user.has_perm("initiatives.review_call", call):
        header, rows = _juror_table(user, call, criteria)
    else:
        raise PermissionDenied
    return xlsx_response(filename, _("Jury"), header, rows)


def _application_columns(application, *, anonymous: bool) -> list:
    names = (
        []
        if anonymous
        else [
            application.applicant.name,
            ", ".join(o.name for o in application.co_applicants.all()),
        ]
    )
    return [
        application.pk,
        application.title,
        *names,
        application.territory,
        float(application.amount_asked) if application.amount_asked is not None else None,
        application.get_status_display(),
    ]


def _application_header(*, anonymous: bool) -> list[str]:
    names = [] if anonymous else [_("Applicant"), _("Co-applicants")]
    return [_("No."), _("Project"), *names, _("Territory"), _("Amount asked (€)"), _("Status")]


def _criteria_header(criteria) -> list[str]:
    header = []
    for criterion in criteria:
        header += [
            _("%(criterion)s (weight %(weight)d)")
            % {"criterion": criterion.title, "weight": criterion.weight},
            _("Comment: %(criterion)s") % {"criterion": criterion.title},
        ]
    return header


def _score_columns(review, criteria) -> list:
    by_criterion = {s.criterion_id: s for s in review.scores.all()} if review else {}
    columns = []
    for criterion in criteria:
        score = by_criterion.get(criterion.pk)
        columns += [score.value if score else None, score.comment if score else ""]
    return columns


def _juror_table(user, call, criteria):
    anonymous = call.anonymous_review
    header = [
        *_application_header(anonymous=anonymous),
        *_criteria_header(criteria),
        _("My weighted mean"),
        _("Overall opinion"),
        _("Comment"),
    ]
    weights = {c.pk: c.weight for c in criteria}
    rows = []
    for application in jury.jury_applications(user, call):
        if application.conflict:
            continue
        review = application.my_review
        mean = jury.juror_mean(review, weights) if review else None
        rows.append(
            [
                *_application_columns(application, anonymous=anonymous),
                *_score_columns(review, criteria),
                round(float(mean), 2) if mean is not None else None,
                review.get_opinion_display() if review else "",
                review.comment if review else "",
            ]
        )
    return header, rows


def _organiser_table(call, criteria):
    """One row per application and juror who reviewed it (or one without a juror)."""
    header = [
        *_application_header(anonymous=False),
        _("Weighted mean"),
        _("Spread"),
        _("Rank"),
        _("Juror"),
        _("Conflict of interest"),
        *_criteria_header(criteria),
        _("Juror's weighted mean"),
        _("Overall opinion"),
        _("Comment"),
    ]
    weights = {c.pk: c.weight for c in criteria}
    rows = []
    for summary in jury.review_summary(call):
        application = summary.application
        first = [
            *_application_columns(application, anonymous=False),
            _rounded(summary.weighted_mean),
            _rounded(summary.spread),
            summary.rank,
        ]
        reviews = list(application.reviews.all())
        for review in reviews:
            mean = jury.juror_mean(review, weights)
            rows.append(
                [
                    *first,
                    review.juror.full_name,
                    _("yes") if review.conflict_declared else "",
                    *_score_columns(review, criteria),
                    _rounded(mean),
                    review.get_opinion_display(),
                    review.comment,
                ]
            )
        if not reviews:
            rows.append([*first, *[None] * (len(header) - len(first))])
    return header, rows


def _rounded(value):
    return round(float(value), 2) if value is not None else None


@member_required
def application_dossier(request, pk):
    """The application's dossier as a PDF, for the organiser and the jurors without conflict
    (no names for the jury of an anonymous call). Built by reports' WeasyPrint pipeline and
    cached by the digest of its data; a build spends one of the user's PDF_BUILD_RATE."""
    # Imported here: reports reads the apps, the apps do not load reports at start-up.
    from reports.views import pdf_response

    application = _application_for(request, pk)
    user = request.user
    call = application.call
    organiser = user.has_perm("initiatives.manage_call", call)
    if not organiser and not (
        _juror_sees(user, application) and is_juror_without_conflict(user, application)
    ):
        raise PermissionDenied
    anonymous = _anonymous_for(user, call)
    return pdf_response(
        request,
        f"dossier-{application.pk}.pdf",
        jury.dossier_pdf,
        application=application,
        anonymous=anonymous,
    )
