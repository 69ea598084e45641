"""What the members' area shows: the inbox of animators and staff (what to do next) and each
member's own space. Reads only, in a fixed number of queries whatever the number of items.

Which lines someone gets is decided by the rules: the inbox by clubs.see_inbox, the accounts by
landlords.approve_user, and each item by the rule of the page its link leads to. The SQL scope
below (their clubs for animators, all for staff) is what those rules allow; the items are
checked against them again, which costs no query.

The laureates' bilans overdue (initiatives/bilans.py, read without importing initiatives at
load: initiatives builds on clubs) go to staff and to the members of the calls' organisers:
in the inbox of animators and staff, and on the dashboard of an organiser's other members when
some are overdue (their header count stays free of queries).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from clubs.models import Action, Meeting, Registration, SessionLog, Workshop
from clubs.permissions import animated_club_ids, is_staff
from clubs.selectors import approved_actions, meeting_upcoming_list, user_registrations
from landlords.models import User
from landlords.permissions import is_member
from landlords.selectors import approval_queue

INBOX_LIMIT = 20  # items listed per kind; the counts go on up to COUNT_CAP
COUNT_CAP = 99  # the header's count stops there ("99+"): a bounded COUNT on every page


def _clubs(user, path: str) -> Q:
    """The clubs whose business is the user's: all for staff, those they animate otherwise."""
    if is_staff(user):
        return Q()
    return Q(**{f"{path}__in": animated_club_ids(user)})


def _submitted_logs(user) -> QuerySet[SessionLog]:
    return SessionLog.objects.filter(
        _clubs(user, "workshop__meeting__club"), status=SessionLog.Status.SUBMITTED
    )


def _meeting_kinds(today: datetime.date) -> dict[str, Q]:
    """Drafts to prepare and publish; published meetings on or after their day, whose
    attendance is not taken yet (taking it marks them held); held ones without their Cahier."""
    return {
        "drafts": Q(status=Meeting.Status.DRAFT),
        "attendance": Q(status=Meeting.Status.PUBLISHED, date__lte=today),
        "cahiers": Q(status=Meeting.Status.HELD, cahier_published_at__isnull=True),
    }


def _pending_meetings(user, kinds: dict[str, Q]) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_clubs(user, "club")).filter(
        kinds["drafts"] | kinds["attendance"] | kinds["cahiers"]
    )


def _meeting_kind(meeting: Meeting) -> str:
    """Which of `_meeting_kinds` a pending meeting is."""
    return {Meeting.Status.DRAFT: "drafts", Meeting.Status.PUBLISHED: "attendance"}.get(
        meeting.status, "cahiers"
    )


def _late_actions(user, today: datetime.date) -> QuerySet[Action]:
    """`Action.is_late` in SQL: open or in progress, due before today."""
    return approved_actions().open().filter(_clubs(user, "meeting__club"), due_date__lt=today)


def _bilans():
    """initiatives.bilans, imported when used (initiatives imports from clubs)."""
    from initiatives import bilans

    return bilans


def _overdue_bilans(user, today: datetime.date) -> QuerySet:
    """Laureates with a bilan overdue, of the calls the user's organisation organises (all
    for staff): what initiatives.manage_call lets them follow on the call's bilans board."""
    scope = Q() if is_staff(user) else Q(call__organiser_id=user.organisation_id)
    return _bilans().overdue(today).filter(scope)


def inbox_counts(user) -> dict[str, int]:
    """How many things of each kind wait for `user`: five COUNT queries, each bounded, asked
    once per user object (that is, per request: the header and the page share them). Empty for
    those without an inbox."""
    if not hasattr(user, "_inbox_counts"):
        counts = {}
        if user.has_perm("clubs.see_inbox"):
            today = timezone.localdate()
            counts["restitutions"] = _submitted_logs(user)[:COUNT_CAP].count()
            if user.has_perm("landlords.approve_user"):
                counts["accounts"] = User.objects.awaiting_approval()[:COUNT_CAP].count()
            # Meetings are few (a club holds three or four a year): one query, three counts.
            kinds = _meeting_kinds(today)
            counts |= _pending_meetings(user, kinds).aggregate(
                **{kind: Count("pk", filter=condition) for kind, condition in kinds.items()}
            )
            counts["late_actions"] = _late_actions(user, today)[:COUNT_CAP].count()
            # Only calls' organisers and staff ever have some: the kind shows when it has any.
            if overdue := _overdue_bilans(user, today)[:COUNT_CAP].count():
                counts["bilans_overdue"] = overdue
        user._inbox_counts = counts
    return user._inbox_counts


def inbox_total(user) -> int:
    return sum(inbox_counts(user).values())


@dataclass
class Inbox:
    """Up to INBOX_LIMIT items of each kind, with each kind's count (which may be larger)."""

    counts: dict[str, int]
    restitutions: list[SessionLog] = field(default_factory=list)
    accounts: list[User] = field(default_factory=list)
    drafts: list[Meeting] = field(default_factory=list)
    attendance: list[Meeting] = field(default_factory=list)
    cahiers: list[Meeting] = field(default_factory=list)
    late_actions: list[Action] = field(default_factory=list)
    bilans_overdue: list = field(default_factory=list)  # initiatives.Application (laureates)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def more(self) -> dict[str, int]:
        """By kind, how many items the count holds beyond those listed."""
        return {kind: count - len(getattr(self, kind)) for kind, count in self.counts.items()}


def _bilan_lines(user, today: datetime.date) -> list:
    """Up to INBOX_LIMIT laureates with a bilan overdue, each with `late_label` and
    `late_due_on`, that the user may follow (initiatives.manage_call, at no query)."""
    lines = []
    laureates = _overdue_bilans(user, today).select_related("call", "applicant")
    for application in laureates.order_by("call__pk", "title", "pk")[:INBOX_LIMIT]:
        if user.has_perm("initiatives.manage_call", application.call):
            application.late_label, application.late_due_on = _bilans().late_bilan(
                application, today
            )
            lines.append(application)
    return lines


def _organiser_inbox(user) -> Inbox | None:
    """For a member of a call's organiser without an inbox: the bilans overdue, if any (one
    COUNT query, and one list query when there are some)."""
    if not is_member(user) or user.organisation_id is None:
        return None
    today = timezone.localdate()
    count = _overdue_bilans(user, today)[:COUNT_CAP].count()
    if not count:
        return None
    return Inbox(counts={"bilans_overdue": count}, bilans_overdue=_bilan_lines(user, today))


def inbox(user) -> Inbox | None:
    """The inbox of an animator or staff member: five COUNT queries and five list queries.
    Other members of a call's organiser get its bilans overdue, if any; others None."""
    if not user.has_perm("clubs.see_inbox"):
        return _organiser_inbox(user)
    today = timezone.localdate()
    box = Inbox(counts=inbox_counts(user))
    box.restitutions = [
        log
        for log in _submitted_logs(user)
        .select_related("workshop__meeting__club", "author__organisation")
        .order_by("submitted_at", "pk")[:INBOX_LIMIT]
        if user.has_perm("clubs.review_session_log", log.workshop)
    ]
    if "accounts" in box.counts:
        box.accounts = list(approval_queue()[:INBOX_LIMIT])
    meetings = _pending_meetings(user, _meeting_kinds(today)).select_related("club")
    for meeting in meetings.order_by("date", "pk")[: 3 * INBOX_LIMIT]:
        items = getattr(box, _meeting_kind(meeting))
        if len(items) < INBOX_LIMIT and user.has_perm("clubs.manage_meeting", meeting):
            items.append(meeting)
    box.late_actions = [
        action
        for action in _late_actions(user, today)
        .select_related("owner", "meeting__club")
        .order_by("due_date", "pk")[:INBOX_LIMIT]
        if user.has_perm("clubs.update_action", action)
    ]
    box.bilans_overdue = _bilan_lines(user, today)
    return box


@dataclass
class MemberSpace:
    next_meetings: list[Meeting]  # each with `my_registration` (or None) and `can_register`
    registrations: list[Registration]
    logs_to_write: list[Workshop]
    initiatives: list  # initiatives.Initiative, reached without importing initiatives
    actions: list[Action]  # of the member's organisation, open, late ones first
    follows: list  # notices.Follow: the clubs, themes and départements they follow
    applications: list = field(default_factory=list)  # the organisation's, to calls for projects
    # Near you, on your themes: other organisations' initiatives on the member's themes, and
    # members of other organisations offering the skills the member seeks (initiatives.nearby).
    nearby_initiatives: list = field(default_factory=list)
    helpful_members: list = field(default_factory=list)


def member_space(user) -> MemberSpace:
    """A member's own space: the meetings ahead (may they register?), their registrations, the
    restitutions they report, their organisation's initiatives and open follow-up actions."""
    today = timezone.localdate()
    next_meetings = list(meeting_upcoming_list()[:5])
    mine = {
        registration.meeting_id: registration
        for registration in Registration.objects.active().filter(
            user=user, meeting__in=[meeting.pk for meeting in next_meetings]
        )
    }
    for meeting in next_meetings:
        meeting.my_registration = mine.get(meeting.pk)
        meeting.can_register = bool(
            meeting.my_registration is None
            and meeting.is_registration_open(today)
            and user.has_perm("clubs.register", meeting)
        )
    initiatives, actions, applications = [], [], []
    if organisation := user.organisation:
        initiatives = _organisation_initiatives(user, organisation, INBOX_LIMIT)
        applications = list(_organisation_applications(organisation)[:INBOX_LIMIT])
        actions = list(
            approved_actions()
            .open()
            .filter(owner=organisation)
            .select_related("meeting__club")
            .order_by(F("due_date").asc(nulls_last=True), "pk")[:INBOX_LIMIT]
        )
    return MemberSpace(
        next_meetings=next_meetings,
        registrations=list(user_registrations(user).active().filter(meeting__date__gte=today)[:10]),
        logs_to_write=list(
            Workshop.objects.filter(rapporteurs=user)
            .exclude(session_log__status=SessionLog.Status.APPROVED)
            .exclude(meeting__status=Meeting.Status.DRAFT)  # not theirs to see yet
            .select_related("meeting__club", "session_log")
            .order_by("-meeting__date", "order", "pk")
        ),
        initiatives=initiatives,
        actions=actions,
        follows=list(user.follows.select_related("club", "theme")),
        applications=applications,
        nearby_initiatives=_nearby().initiatives_on_my_themes(user),
        helpful_members=_nearby().helpful_members(user, user),
    )


def _nearby():
    """initiatives.nearby, imported when used (initiatives imports from clubs)."""
    from initiatives import nearby

    return nearby


def _organisation_applications(organisation) -> QuerySet:
    """The applications the organisation leads or joined, newest first (the model reached
    through the reverse relation, as for initiatives)."""
    application = organisation.applications.model
    joined = application.objects.filter(co_applicants=organisation).values("pk")
    return (
        application.objects.filter(Q(applicant=organisation) | Q(pk__in=joined))
        .select_related("call")
        .order_by("-created_at", "-pk")
    )


def _organisation_initiatives(user, organisation, limit: int) -> list:
    """The first `limit` initiatives, by title, that the organisation leads or co-leads.

    Two queries, the led and the co-led, merged here: with one query (lead OR co-led) the
    planner walked the whole title index looking for them, 230 ms at 100,000 initiatives for
    an organisation that has none. initiatives builds on clubs: its model is reached through
    the organisation's reverse relation, not imported."""
    initiative = organisation.led_initiatives.model
    visible = (
        initiative.objects.visible_to(user)
        .select_related("lead")
        .only("title", "slug", "status", "lead__name", "lead__slug", "sort_title")
        .order_by("sort_title", "pk")
    )
    found = {
        row.pk: row
        for query in (visible.filter(lead=organisation), visible.filter(co_landlords=organisation))
        for row in query[:limit]
    }
    return sorted(found.values(), key=lambda row: (row.sort_title, row.pk))[:limit]
