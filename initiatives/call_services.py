"""Writes on calls for projects, for their organiser and their applicants: keyword-only
functions that check the rules first, validate, run in one transaction and return. The jury's
writes are in initiatives/jury.py, the laureates' bilans in initiatives/bilans.py.

A call's life: draft → open (`call_open`; it takes applications between its dates) → under
review (`call_review_start`, once closed) → decided (`call_results_publish`). An application:
draft → submitted (`application_submit`, until the deadline) → laureate or not retained
(`application_decide`, under review; told when the results are published); withdrawn
(`application_withdraw`) at any time before the results."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.mail import send_templated
from initiatives.attachments import attachment_store
from initiatives.models import (
    Application,
    Attachment,
    CallForProjects,
    Criterion,
    Funding,
    Indicator,
    Initiative,
    PlannedIndicator,
    Review,
)
from initiatives.permissions import is_of_applicants
from initiatives.services import _unique_slug, _write
from landlords.models import Organisation, User

OTHER_DOCUMENT = "other"  # the attachment label of a document the call does not list

CALL_FIELDS = (
    "title",
    "summary",
    "rules",
    "ceiling",
    "total_budget",
    "opens_on",
    "closes_on",
    "eligible",
    "required_documents",
    "anonymous_review",
)
APPLICATION_FIELDS = (
    "title",
    "summary",
    "objectives",
    "territory",
    "budget",
    "amount_asked",
    "co_financing",
)
APPLICATION_RELATIONS = ("co_applicants", "residences", "publics", "partners")
# What an application needs before it is submitted (the form accepts a draft without them).
REQUIRED_TO_SUBMIT = ("title", "summary", "objectives", "budget", "amount_asked")


def _locked_call(call: CallForProjects) -> CallForProjects:
    return CallForProjects.objects.select_for_update().get(pk=call.pk)


def _locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )


def _site(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _members(organisations) -> list[str]:
    """The addresses of the approved, active members of these organisations."""
    return list(
        User.objects.approved()
        .filter(organisation__in=organisations)
        .order_by("pk")
        .values_list("email", flat=True)
    )


# --- The call ----------------------------------------------------------------------------------


def _check_call(call: CallForProjects) -> None:
    errors = {}
    if call.opens_on and call.closes_on and call.closes_on < call.opens_on:
        errors["closes_on"] = _("A call cannot close before it opens.")
    if None not in (call.ceiling, call.total_budget) and call.ceiling > call.total_budget:
        errors["ceiling"] = _("The ceiling per project cannot exceed the total budget.")
    if errors:
        raise ValidationError(errors)


def _save_criteria(call: CallForProjects, criteria) -> None:
    """`criteria`: (criterion or None, title, description, weight, delete) in their order. Once
    a juror has scored, the criteria stay as they are (the scores refer to them)."""
    criteria = list(criteria)
    changes = [
        c for c in criteria if c[0] is None or c[4] or c[0].title != c[1] or c[0].weight != c[3]
    ]
    if changes and Review.objects.filter(application__call=call, scores__isnull=False).exists():
        raise ValidationError(
            _("The jury has started scoring: the criteria and their weights can no longer change.")
        )
    for order, (existing, title, description, weight, delete) in enumerate(criteria):
        if delete:
            if existing is not None:
                existing.delete()
            continue
        criterion = existing or Criterion(call=call)
        criterion.title, criterion.description = title.strip(), description.strip()
        criterion.weight, criterion.order = weight, order
        criterion.save()


def call_create(
    *, actor: User, organiser: Organisation, criteria=(), jurors=(), themes=(), **data
) -> CallForProjects:
    """A draft call of `organiser` (a member for their organisation; staff for any)."""
    if not actor.has_perm("initiatives.add_call_for", organiser):
        raise PermissionDenied
    with transaction.atomic():
        call = CallForProjects(organiser=organiser, slug=_call_slug(data.get("title", "")))
        return _call_write(call, actor, data, criteria=criteria, jurors=jurors, themes=themes)


def call_update(
    *, actor: User, call: CallForProjects, criteria=(), jurors=(), themes=(), **data
) -> CallForProjects:
    if not actor.has_perm("initiatives.manage_call", call):
        raise PermissionDenied
    with transaction.atomic():
        call = _locked_call(call)
        if call.status == CallForProjects.Status.DECIDED:
            raise ValidationError(_("The results are published: the call can no longer change."))
        return _call_write(call, actor, data, criteria=criteria, jurors=jurors, themes=themes)


def _call_slug(title: str) -> str:
    base = slugify(title)[:200] or "appel"
    slug, number = base, 2
    while slug == "nouveau" or CallForProjects.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _call_write(call, actor, data, *, criteria, jurors, themes) -> CallForProjects:
    unknown = set(data) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"Not call fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(call, field, value.strip() if isinstance(value, str) else value)
    _check_call(call)
    call._history_user = actor
    call.save()
    call.themes.set(themes)
    call.jurors.set(jurors)
    _save_criteria(call, criteria)
    return call


def call_missing(call: CallForProjects) -> list[str]:
    """What the call lacks to be opened (empty: nothing)."""
    missing = []
    if not call.opens_on or not call.closes_on:
        missing.append(_("The call has no opening or closing date."))
    if not call.criteria.exists():
        missing.append(_("The call has no criterion for its jury."))
    if not call.jurors.exists():
        missing.append(_("The call has no jury."))
    if call.closes_on and call.closes_on < timezone.localdate():
        missing.append(_("Its closing date has passed."))
    return missing


def call_open(*, actor: User, call: CallForProjects) -> CallForProjects:
    """Publish a draft call: it takes applications from its opening date to its closing date."""
    if not actor.has_perm("initiatives.manage_call", call):
        raise PermissionDenied
    with transaction.atomic():
        call = _locked_call(call)
        if call.status != CallForProjects.Status.DRAFT:
            raise ValidationError(_("This call is already published."))
        if missing := call_missing(call):
            raise ValidationError(missing)
        call.status = CallForProjects.Status.OPEN
        call._history_user = actor
        call.save(update_fields=["status"])
    return call


def call_review_start(*, actor: User, call: CallForProjects) -> CallForProjects:
    """Once the deadline has passed, the jury reviews the submitted applications; the jurors
    are told."""
    if not actor.has_perm("initiatives.manage_call", call):
        raise PermissionDenied
    with transaction.atomic():
        call = _locked_call(call)
        if call.phase() != CallForProjects.Phase.CLOSED:
            raise ValidationError(
                _("The review starts once the call is closed (after its closing date).")
            )
        call.status = CallForProjects.Status.UNDER_REVIEW
        call._history_user = actor
        call.save(update_fields=["status"])
        jurors = list(call.jurors.filter(is_active=True).values_list("email", flat=True))
        transaction.on_commit(
            lambda: send_templated(
                "initiatives/email/review_started",
                jurors,
                call=call,
                url=_site("initiatives:jury", call.slug),
            )
        )
    return call


def results_missing(call: CallForProjects) -> list[str]:
    """What stops the results from being published (empty: nothing)."""
    missing = []
    undecided = call.applications.filter(status=Application.Status.SUBMITTED).count()
    if undecided:
        missing.append(
            _("%(count)s submitted applications have no decision yet.") % {"count": undecided}
        )
    if not call.applications.filter(status=Application.Status.LAUREATE).exists():
        missing.append(_("No application is laureate."))
    return missing


def call_results_publish(*, actor: User, call: CallForProjects) -> CallForProjects:
    """Every application is decided: the call is decided, its laureates are public, and every
    applicant is told (a laureate its amount; the others the reason)."""
    if not actor.has_perm("initiatives.manage_call", call):
        raise PermissionDenied
    with transaction.atomic():
        call = _locked_call(call)
        if call.status != CallForProjects.Status.UNDER_REVIEW:
            raise ValidationError(_("The results are published once the review is over."))
        if missing := results_missing(call):
            raise ValidationError(missing)
        call.status = CallForProjects.Status.DECIDED
        call.results_published_at = timezone.now()
        call._history_user = actor
        call.save(update_fields=["status", "results_published_at"])
        decided = list(
            call.applications.filter(
                status__in=[Application.Status.LAUREATE, Application.Status.NOT_RETAINED]
            ).select_related("applicant", "created_by")
        )
        transaction.on_commit(lambda: [_decision_email(call, a) for a in decided])
    return call


def _decision_email(call: CallForProjects, application: Application) -> None:
    recipients = {*_members([application.applicant_id])}
    if application.created_by and application.created_by.is_active:
        recipients.add(application.created_by.email)
    send_templated(
        "initiatives/email/application_decided",
        sorted(recipients),
        call=call,
        application=application,
        url=_site("initiatives:application-detail", application.pk),
    )


# --- Applications ------------------------------------------------------------------------------


def euros(amount) -> str:
    return number_format(amount, 0, use_l10n=True, force_grouping=True)


def _check_application(application: Application, call: CallForProjects) -> None:
    errors = {}
    asked, budget = application.amount_asked, application.budget
    if asked is not None and call.ceiling is not None and asked > call.ceiling:
        errors["amount_asked"] = _("The call gives at most %(ceiling)s € per project.") % {
            "ceiling": euros(call.ceiling)
        }
    elif asked is not None and budget is not None and asked > budget:
        errors["amount_asked"] = _("The amount asked cannot exceed the project's budget.")
    if errors:
        raise ValidationError(errors)


def _application_write(application, actor, data) -> Application:
    unknown = set(data) - set(APPLICATION_FIELDS) - set(APPLICATION_RELATIONS)
    if unknown:
        raise ValueError(f"Not application fields: {sorted(unknown)}")
    co_applicants = data.get("co_applicants")
    if co_applicants is not None:
        if any(org.pk == application.applicant_id for org in co_applicants):
            raise ValidationError(
                {"co_applicants": _("The applicant is not its own co-applicant.")}
            )
        if not all(application.call.accepts(org) for org in co_applicants):
            raise ValidationError(
                {"co_applicants": _("Co-applicants must be organisations this call accepts.")}
            )
    for field in APPLICATION_FIELDS:
        if field in data:
            value = data[field]
            setattr(application, field, value.strip() if isinstance(value, str) else value)
    _check_application(application, application.call)
    application._history_user = actor
    application.save()
    for relation in APPLICATION_RELATIONS:
        if relation in data:
            getattr(application, relation).set(data[relation] or [])
    return application


def application_create(*, actor: User, call: CallForProjects, indicators=(), **data) -> Application:
    """A draft application of the member's organisation (the lead applicant)."""
    if not actor.has_perm("initiatives.apply_to_call", call):
        raise PermissionDenied
    with transaction.atomic():
        application = Application(call=call, applicant=actor.organisation, created_by=actor)
        application = _application_write(application, actor, data)
        _save_indicators(application, indicators)
    return application


def application_update(*, actor: User, application: Application, indicators=(), **data):
    if not actor.has_perm("initiatives.edit_application", application):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked_application(application)
        if locked.status not in {Application.Status.DRAFT, Application.Status.SUBMITTED}:
            raise ValidationError(_("This application can no longer change."))
        if not locked.call.takes_applications():
            raise ValidationError(deadline_message(locked.call))
        application = _application_write(locked, actor, data)
        _save_indicators(application, indicators)
    return application


def _save_indicators(application: Application, indicators) -> None:
    """`indicators`: (planned indicator or None, name, unit, target, delete)."""
    for existing, name, unit, target, delete in indicators:
        if delete:
            if existing is not None:
                existing.delete()
            continue
        planned = existing or PlannedIndicator(application=application)
        planned.name, planned.unit, planned.target = name.strip(), unit.strip(), target
        planned.save()


def submission_missing(application: Application) -> list[str]:
    """What the application lacks to be submitted (empty: nothing)."""
    missing = []
    labels = {
        "title": _("a project title"),
        "summary": _("a summary"),
        "objectives": _("what it answers in the call's objectives"),
        "budget": _("the project's budget"),
        "amount_asked": _("the amount asked"),
    }
    for field in REQUIRED_TO_SUBMIT:
        if getattr(application, field) in (None, ""):
            missing.append(_("It lacks %(what)s.") % {"what": labels[field]})
    sent = set(application.attachments.values_list("label", flat=True))
    for document in application.call.document_list:
        if document not in sent:
            missing.append(
                _("The document “%(document)s” is not attached.") % {"document": document}
            )
    return missing


def deadline_message(call: CallForProjects) -> str:
    if call.closes_on is None:
        return _("This call does not take applications any more.")
    return _(
        "The deadline was %(date)s at the end of the day: applications can no longer be "
        "submitted nor changed."
    ) % {"date": date_format(call.closes_on, "DATE_FORMAT")}


def application_submit(*, actor: User, application: Application) -> Application:
    """Send the application to the organiser before the deadline (again after a change: it
    stays submitted). The submitter gets an acknowledgement."""
    if not is_of_applicants(actor, application):
        raise PermissionDenied
    with transaction.atomic():
        application = _locked_application(application)
        if not application.call.takes_applications():
            raise ValidationError(deadline_message(application.call))
        if application.status not in {Application.Status.DRAFT, Application.Status.SUBMITTED}:
            raise ValidationError(_("This application can no longer be submitted."))
        if missing := submission_missing(application):
            raise ValidationError(missing)
        first = application.status == Application.Status.DRAFT
        application.status = Application.Status.SUBMITTED
        application.submitted_at = timezone.now()
        application._history_user = actor
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        if first:
            transaction.on_commit(
                lambda: send_templated(
                    "initiatives/email/application_submitted",
                    [actor.email],
                    application=application,
                    call=application.call,
                    url=_site("initiatives:application-detail", application.pk),
                )
            )
    return application


def application_withdraw(*, actor: User, application: Application) -> Application:
    """The applicants withdraw their application, before the results."""
    if not is_of_applicants(actor, application):
        raise PermissionDenied
    with transaction.atomic():
        application = _locked_application(application)
        if application.status not in {Application.Status.DRAFT, Application.Status.SUBMITTED}:
            raise ValidationError(_("This application can no longer be withdrawn."))
        if application.call.status == CallForProjects.Status.DECIDED:
            raise ValidationError(_("The results are published."))
        application.status = Application.Status.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application._history_user = actor
        application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return application


def attachment_add(*, actor: User, application: Application, label: str, uploaded) -> Attachment:
    """A document of the application, while it can change."""
    if not actor.has_perm("initiatives.edit_application", application):
        raise PermissionDenied
    label = (label or "").strip()
    if label != OTHER_DOCUMENT and label not in application.call.document_list:
        raise ValidationError({"label": _("Choose which document this is.")})
    with transaction.atomic():
        application = _locked_application(application)
        if not application.call.takes_applications():
            raise ValidationError(deadline_message(application.call))
        if label == OTHER_DOCUMENT:
            label = _("Other document")
        return attachment_store(
            actor=actor, uploaded=uploaded, label=label, application=application
        )


def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    application = attachment.application
    if application is None or not actor.has_perm("initiatives.edit_application", application):
        raise PermissionDenied
    with transaction.atomic():
        _locked_application(application)
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.storage.delete(attachment.file.name))


# --- Decisions ---------------------------------------------------------------------------------


def application_decide(
    *,
    actor: User,
    application: Application,
    laureate: bool,
    amount_awarded: Decimal | None = None,
    reason: str = "",
    intermediate_bilan_due_on=None,
    bilan_due_on=None,
) -> Application:
    """Laureate (an amount within the ceiling and what is left of the total budget; its
    initiative, funding and indicators; its bilans due) or not retained (a reason, which the
    applicant will read). It can change until the results are published."""
    if not actor.has_perm("initiatives.decide_application", application):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        call = _locked_call(application.call)
        application = _locked_application(application)
        if application.status not in {
            Application.Status.SUBMITTED,
            Application.Status.LAUREATE,
            Application.Status.NOT_RETAINED,
        }:
            raise ValidationError(_("Only submitted applications are decided."))
        if laureate:
            _check_award(call, application, amount_awarded, intermediate_bilan_due_on, bilan_due_on)
            application.status = Application.Status.LAUREATE
            application.amount_awarded = amount_awarded
            application.intermediate_bilan_due_on = intermediate_bilan_due_on
            application.bilan_due_on = bilan_due_on
            application.decision_reason = reason
        else:
            if not reason:
                raise ValidationError(
                    {"reason": _("Say why: the applicant will read it with the decision.")}
                )
            application.status = Application.Status.NOT_RETAINED
            application.amount_awarded = None
            application.decision_reason = reason
        application.decided_at = timezone.now()
        application._history_user = actor
        application.save()
        if laureate:
            _laureate_initiative(actor, call, application)
        else:
            Funding.objects.filter(call=call, initiative_id=application.initiative_id).delete()
    return application


def _check_award(call, application, amount, intermediate, final) -> None:
    errors = {}
    if amount is None or amount <= 0:
        errors["amount_awarded"] = _("Give the amount awarded.")
    elif call.ceiling is not None and amount > call.ceiling:
        errors["amount_awarded"] = _("The call gives at most %(ceiling)s € per project.") % {
            "ceiling": euros(call.ceiling)
        }
    elif call.total_budget is not None:
        others = (
            call.applications.filter(status=Application.Status.LAUREATE)
            .exclude(pk=application.pk)
            .aggregate(total=Sum("amount_awarded"))["total"]
            or 0
        )
        left = call.total_budget - others
        if amount > left:
            errors["amount_awarded"] = _("Only %(left)s € are left of the call's budget.") % {
                "left": euros(left)
            }
    if intermediate and final and final < intermediate:
        errors["bilan_due_on"] = _("The final bilan comes after the intermediate one.")
    if not final:
        errors["bilan_due_on"] = _("Give the date of the final bilan.")
    if errors:
        raise ValidationError(errors)


def _laureate_initiative(actor: User, call: CallForProjects, application: Application) -> None:
    """The laureate's project in the catalogue (made from the application the first time), with
    the call's funding and the indicators it planned."""
    initiative = application.initiative
    if initiative is None:
        co_applicants = list(application.co_applicants.all())
        initiative = Initiative(
            lead=application.applicant,
            contact=application.created_by,
            slug=_unique_slug(application.title),
        )
        _write(
            initiative,
            actor,
            {
                "title": application.title,
                "summary": (application.summary or application.title)[:400],
                "description": application.objectives,
                "status": Initiative.Status.PREPARATION,
                "budget": application.budget,
                "co_landlords": [o for o in co_applicants if o.kind == Organisation.Kind.LANDLORD],
                "partners": [
                    *application.partners.all(),
                    *(o for o in co_applicants if o.kind != Organisation.Kind.LANDLORD),
                ],
                "residences": list(application.residences.all()),
                "publics": list(application.publics.all()),
                "themes": list(call.themes.all()),
            },
        )
        for planned in application.planned_indicators.all():
            Indicator.objects.create(
                initiative=initiative, name=planned.name, unit=planned.unit, target=planned.target
            )
        application.initiative = initiative
        application.save(update_fields=["initiative"])
    Funding.objects.update_or_create(
        initiative=initiative,
        call=call,
        defaults={"funder": call.organiser, "amount": application.amount_awarded},
    )
