"""The bilans of a call's laureates: writing them, what is due and late, the reminders.

A laureate (an application with status "laureate" of a call whose results are published) owes
an intermediate bilan by `intermediate_bilan_due_on` and a final one by `bilan_due_on`. Members
of the applicant and of the co-applicants write them; the final bilan closes the follow-up (no
bilan after it). The organiser's board reads `call_bilans`; the inbox counts `overdue()`."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.mail import send_templated
from initiatives.attachments import attachment_store
from initiatives.models import (
    Application,
    Assessment,
    Attachment,
    BilanReminder,
    CallForProjects,
    Indicator,
    Measurement,
)
from landlords.models import User

MAX_DOCUMENTS = 3
REMINDER_DAYS = {BilanReminder.Moment.DAYS_30: 30, BilanReminder.Moment.DAYS_7: 7}


def laureates() -> QuerySet[Application]:
    """Laureates whose results are out: those who owe bilans."""
    return Application.objects.filter(
        status=Application.Status.LAUREATE, call__results_published_at__isnull=False
    )


def _has_bilan(kind: str) -> Exists:
    return Exists(Assessment.objects.filter(application=OuterRef("pk"), kind=kind))


def overdue(today: datetime.date | None = None) -> QuerySet[Application]:
    """Laureates with a due date passed without its bilan (none once the final bilan is in):
    `LaureateBilans.late` in SQL."""
    today = today or timezone.localdate()
    return (
        laureates()
        .exclude(_has_bilan(Assessment.Kind.FINAL))
        .annotate(intermediate_received=_has_bilan(Assessment.Kind.INTERMEDIATE))
        .filter(
            Q(bilan_due_on__lt=today)
            | Q(intermediate_bilan_due_on__lt=today, intermediate_received=False)
        )
    )


def late_bilan(application: Application, today: datetime.date) -> tuple[str, datetime.date]:
    """Of a laureate from `overdue()`: the first bilan late (its kind's label, its due date)."""
    intermediate_due = application.intermediate_bilan_due_on
    if intermediate_due and intermediate_due < today and not application.intermediate_received:
        return Assessment.Kind.INTERMEDIATE.label, intermediate_due
    return Assessment.Kind.FINAL.label, application.bilan_due_on


# --- Reading: what each laureate owes ----------------------------------------------------------


@dataclass
class DueBilan:
    """One bilan a laureate owes: its due date, the bilans of its kind received, and whether it
    is late (due date passed, nothing of its kind received and the follow-up not closed)."""

    kind: str
    due_on: datetime.date | None
    received: list[Assessment]
    late: bool

    @property
    def label(self) -> str:
        return Assessment.Kind(self.kind).label


@dataclass
class LaureateBilans:
    application: Application
    intermediate: DueBilan
    final: DueBilan
    received: list[Assessment] = field(default_factory=list)  # by date

    @property
    def closed(self) -> bool:
        return bool(self.final.received)

    @property
    def late(self) -> bool:
        return self.intermediate.late or self.final.late

    @property
    def next_due(self) -> DueBilan | None:
        """The bilan to write next (None once closed)."""
        if self.closed:
            return None
        if self.intermediate.due_on and not self.intermediate.received:
            return self.intermediate
        return self.final

    @property
    def state(self) -> str:
        """closed (final received), late, received (the intermediate is in, nothing late) or
        due (waiting, nothing late)."""
        if self.closed:
            return "closed"
        if self.late:
            return "late"
        if self.intermediate.received:
            return "received"
        return "due"


def laureate_bilans(application: Application, today: datetime.date) -> LaureateBilans:
    """From an application whose assessments are loaded (prefetched or not)."""
    received = sorted(application.assessments.all(), key=lambda a: (a.date, a.pk))
    finals = [a for a in received if a.kind == Assessment.Kind.FINAL]
    intermediates = [a for a in received if a.kind == Assessment.Kind.INTERMEDIATE]

    def due(kind, due_on, of_kind) -> DueBilan:
        late = bool(due_on and due_on < today and not of_kind and not finals)
        return DueBilan(kind=kind, due_on=due_on, received=of_kind, late=late)

    return LaureateBilans(
        application=application,
        intermediate=due(
            Assessment.Kind.INTERMEDIATE, application.intermediate_bilan_due_on, intermediates
        ),
        final=due(Assessment.Kind.FINAL, application.bilan_due_on, finals),
        received=received,
    )


def _with_bilans(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related("call", "applicant", "initiative").prefetch_related(
        "co_applicants",
        Prefetch(
            "assessments",
            queryset=Assessment.objects.select_related("author").order_by("date", "pk"),
        ),
    )


def bilans_due(today: datetime.date | None = None) -> list[LaureateBilans]:
    """Each laureate with results out: its next bilan due, late, received or closed."""
    today = today or timezone.localdate()
    applications = _with_bilans(laureates()).order_by("call__pk", "title", "pk")
    return [laureate_bilans(application, today) for application in applications]


def call_bilans(call: CallForProjects, today: datetime.date | None = None) -> list:
    """The organiser's board: the call's laureates with their bilans, in four queries."""
    today = today or timezone.localdate()
    applications = _with_bilans(
        Application.objects.filter(call=call, status=Application.Status.LAUREATE)
    ).order_by("title", "pk")
    return [laureate_bilans(application, today) for application in applications]


# --- Writing a bilan ---------------------------------------------------------------------------


def _members(organisation_ids) -> QuerySet[User]:
    return User.objects.filter(
        organisation_id__in=organisation_ids, is_active=True, is_approved=True
    ).order_by("pk")


def _emails(users) -> list[str]:
    return list(users.values_list("email", flat=True))


def _bilan_received_email(assessment: Assessment) -> None:
    application = assessment.application
    send_templated(
        "initiatives/email/bilan_received",
        _emails(_members([application.call.organiser_id])),
        assessment=assessment,
        application=application,
        call=application.call,
        url=settings.SITE_URL + reverse("initiatives:bilan-detail", args=[assessment.pk]),
        board_url=settings.SITE_URL
        + reverse("initiatives:call-bilans", args=[application.call.slug]),
    )


def _check_measurements(initiative, measurements, today) -> list[tuple]:
    """(indicator, date, Decimal value) for each measurement; errors under value_<pk> and
    date_<pk> (the bilan form's fields)."""
    errors, checked = {}, []
    for indicator, date, given in measurements:
        if indicator.initiative_id != initiative.pk:
            raise ValidationError(_("This indicator is not the initiative's."))
        try:
            value = Decimal(str(given))
        except (InvalidOperation, TypeError, ValueError):
            errors[f"value_{indicator.pk}"] = _("Give a number.")
            continue
        if date is None:
            errors[f"date_{indicator.pk}"] = _("Give the date of the measurement.")
        elif date > today:
            errors[f"date_{indicator.pk}"] = _("A measurement cannot be in the future.")
        else:
            checked.append((indicator, date, value))
    if errors:
        raise ValidationError(errors)
    return checked


def bilan_submit(
    *,
    actor: User,
    application: Application,
    kind: str,
    text: str,
    files=(),
    measurements=(),
) -> Assessment:
    """A laureate's bilan, its documents and its indicators' values, in one transaction.

    `files`: (label, uploaded file) pairs, in the form's order (a pair without a file is
    skipped; errors go under file_<n>, n from 1). `measurements`: (indicator, date, value) of
    the initiative's indicators (errors under value_<pk>, date_<pk>). The final bilan closes the
    follow-up: no bilan after it. The organiser's members are told once it is saved."""
    if not actor.has_perm("initiatives.write_bilan", application):
        raise PermissionDenied
    initiative = application.initiative
    if initiative is None:  # deciding a laureate links it to its initiative
        raise ValidationError(
            _("This laureate has no initiative in the catalogue yet: ask the call's organiser.")
        )
    if kind not in Assessment.Kind.values:
        raise ValidationError({"kind": _("Choose an intermediate or a final bilan.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the bilan.")})
    files = list(files)
    if len(files) > MAX_DOCUMENTS:
        raise ValidationError(
            _("At most %(count)s documents with a bilan.") % {"count": MAX_DOCUMENTS}
        )
    today = timezone.localdate()
    measurements = _check_measurements(initiative, measurements, today)
    with transaction.atomic():
        # One bilan at a time per laureate: two finals sent at once cannot both pass.
        Application.objects.select_for_update().filter(pk=application.pk).first()
        if application.assessments.filter(kind=Assessment.Kind.FINAL).exists():
            raise ValidationError(
                {"kind": _("The final bilan is in: the follow-up of this laureate is closed.")}
            )
        assessment = Assessment(
            initiative=initiative,
            application=application,
            call=application.call,
            kind=kind,
            date=today,
            text=text,
            author=actor,
        )
        assessment.full_clean()
        assessment.save()
        for number, (label, uploaded) in enumerate(files, start=1):
            if uploaded is None:
                continue
            attachment_store(
                actor=actor,
                uploaded=uploaded,
                label=label or uploaded.name,
                assessment=assessment,
                field=f"file_{number}",
            )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                date=date,
                value=value,
                comment=assessment.get_kind_display(),
                created_by=actor,
            )
            for indicator, date, value in measurements
        )
        transaction.on_commit(lambda: _bilan_received_email(assessment))
    return assessment


def bilan_for_reading(user, pk: int) -> Assessment | None:
    """A laureate's bilan with its documents, if `user` may read it (initiatives.read_bilan)."""
    assessment = (
        Assessment.objects.filter(pk=pk, application__isnull=False)
        .select_related("application__call__organiser", "application__applicant", "author")
        .prefetch_related(
            "application__co_applicants",
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        )
        .first()
    )
    if assessment is None or not user.has_perm("initiatives.read_bilan", assessment):
        return None
    return assessment


def indicators_of(application: Application) -> list[Indicator]:
    if application.initiative_id is None:
        return []
    return list(Indicator.objects.filter(initiative_id=application.initiative_id))


# --- Reminders ---------------------------------------------------------------------------------


def _moment(due_on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder is due today for a bilan due on `due_on`: late once the day has passed,
    then 7 and 30 days before (a run that missed a day sends the latest moment only)."""
    if today > due_on:
        return BilanReminder.Moment.LATE
    days_left = (due_on - today).days
    for moment, days in sorted(REMINDER_DAYS.items(), key=lambda item: item[1]):
        if days_left <= days:
            return moment
    return None


def _bilan_reminder_email(reminder: BilanReminder) -> None:
    application = reminder.application
    send_templated(
        "initiatives/email/bilan_reminder",
        _emails(_members(application.organisation_ids())),
        reminder=reminder,
        application=application,
        call=application.call,
        kind=reminder.get_kind_display(),
        late=reminder.moment == BilanReminder.Moment.LATE,
        url=settings.SITE_URL + reverse("initiatives:bilan-add", args=[application.pk]),
    )


def bilan_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the laureates' members of the bilans they owe: 30 and 7 days before each due date
    and once when it is overdue. Each reminder is claimed by its BilanReminder row (unique) in
    its own transaction before its email goes: a second run, even a concurrent one, never sends
    it again. Returns how many reminders went."""
    today = today or timezone.localdate()
    sent = 0
    for bilans in bilans_due(today):
        if bilans.closed:
            continue
        for due in (bilans.intermediate, bilans.final):
            if due.due_on is None or due.received:
                continue
            moment = _moment(due.due_on, today)
            if moment is None:
                continue
            try:
                with transaction.atomic():
                    reminder = BilanReminder.objects.create(
                        application=bilans.application,
                        kind=due.kind,
                        due_on=due.due_on,
                        moment=moment,
                    )
                    transaction.on_commit(lambda reminder=reminder: _bilan_reminder_email(reminder))
            except IntegrityError:
                continue  # sent already, by an earlier or a concurrent run
            sent += 1
    return sent
