"""The admin's rows of the permission matrix: each admin URL × (staff of the group, superuser,
member), and what staff who are not superusers may and may not do to accounts and the mail queue.

Staff run the club (approve, refuse, names, organisations, editor flag, withdrawal); only
superusers see or change roles, privileges, passwords and addresses of others, accounts of staff
and superusers, and the bodies of queued mail. A member (not staff) is sent to the sign-in page.
"""

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_q.models import Failure, OrmQ, Schedule, Success, Task
from django_q.tasks import async_task
from mailer.models import Message, MessageLog

from landlords.models import User
from tests.factories import UserFactory

ROLES = ["staff_user", "superuser", "alice"]


def row(staff, superuser, member):
    return dict(zip(ROLES, [staff, superuser, member], strict=True))


@pytest.fixture
def superuser(arhlm):
    return UserFactory(
        email="root@example.org",
        full_name="Rémi Root",
        organisation=arhlm,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def other_staff(arhlm, staff_user):
    user = UserFactory(email="colleague@example.org", organisation=arhlm, is_staff=True)
    user.groups.add(*staff_user.groups.all())
    return user


@pytest.fixture
def queued_reset(client, settings, superuser):
    """A password-reset mail for the superuser, waiting in the queue and in its log."""
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    client.post(reverse("account_reset_password"), {"email": superuser.email})
    message = Message.objects.get()
    MessageLog.objects.log(message, 3, "Connection refused")  # a failed attempt
    client.logout()
    return message


@pytest.fixture
def jobs(queued_reset):
    """One of each job page's objects: a schedule, a job done, a job failed, a job queued."""
    call_command("jobs_schedule")
    async_task("math.floor", 2.5)  # run at once (tests: sync); recorded as a success
    Task.objects.create(  # what a worker records of a job that raised
        id=uuid.uuid4().hex,
        name="failed-job",
        func="math.floor",
        args=("not a number",),
        started=timezone.now(),
        stopped=timezone.now(),
        result="TypeError: must be real number, not str",
        success=False,
    )
    queued = OrmQ.objects.create(key="portal", payload="queued", lock=timezone.now())
    return {
        "schedule": Schedule.objects.get(name="meeting-reminders").pk,
        "success": Success.objects.get().pk,
        "failure": Failure.objects.get().pk,
        "queued": queued.pk,
    }


@pytest.fixture
def targets(alice, superuser, other_staff, queued_reset, jobs):
    def history_id(user):
        return user.history.latest().history_id

    return {
        "member": alice.pk,
        "superuser": superuser.pk,
        "staff": other_staff.pk,
        "member_version": (alice.pk, history_id(alice)),
        "superuser_version": (superuser.pk, history_id(superuser)),
        "message": queued_reset.pk,
        "log": MessageLog.objects.get().pk,
        "group": Group.objects.get(name="AR Hlm staff").pk,
        **jobs,
    }


U = "admin:landlords_user_"
Q = "admin:django_q_"
PW = "admin:auth_user_password_change"  # named by Django's UserAdmin
# name: (method, url name, target or None, expected statuses). POSTs that change an account
# post its current values; each runs in a savepoint rolled back afterwards.
ADMIN_MATRIX = {
    "user changelist": ("get", U + "changelist", None, row(200, 200, 302)),
    "user add": ("get", U + "add", None, row(200, 200, 302)),
    "member change": ("get", U + "change", "member", row(200, 200, 302)),
    "member change post": ("post", U + "change", "member", row(302, 302, 302)),
    "member delete": ("get", U + "delete", "member", row(403, 200, 302)),
    "member password": ("get", PW, "member", row(403, 200, 302)),
    "member password post": ("post", PW, "member", row(403, 302, 302)),
    "member history": ("get", U + "history", "member", row(200, 200, 302)),
    "member version": ("get", U + "simple_history", "member_version", row(200, 200, 302)),
    "member revert": ("post", U + "simple_history", "member_version", row(403, 302, 302)),
    "staff change": ("get", U + "change", "staff", row(200, 200, 302)),
    "staff change post": ("post", U + "change", "staff", row(403, 302, 302)),
    "superuser change": ("get", U + "change", "superuser", row(200, 200, 302)),
    "superuser change post": ("post", U + "change", "superuser", row(403, 302, 302)),
    "superuser delete": ("get", U + "delete", "superuser", row(403, 200, 302)),
    "superuser password": ("get", PW, "superuser", row(403, 200, 302)),
    "superuser password post": ("post", PW, "superuser", row(403, 302, 302)),
    "superuser history": ("get", U + "history", "superuser", row(200, 200, 302)),
    "superuser revert": ("post", U + "simple_history", "superuser_version", row(403, 302, 302)),
    "group changelist": ("get", "admin:auth_group_changelist", None, row(403, 200, 302)),
    "group change": ("get", "admin:auth_group_change", "group", row(403, 200, 302)),
    "mail queue": ("get", "admin:mailer_message_changelist", None, row(200, 200, 302)),
    "queued message": ("get", "admin:mailer_message_change", "message", row(200, 200, 302)),
    "queued message delete": ("get", "admin:mailer_message_delete", "message", row(403, 200, 302)),
    "mail log": ("get", "admin:mailer_messagelog_changelist", None, row(200, 200, 302)),
    "logged message": ("get", "admin:mailer_messagelog_change", "log", row(200, 200, 302)),
    # Jobs (django-q2): staff watch them; superusers change schedules, delete, resubmit.
    "schedules": ("get", Q + "schedule_changelist", None, row(200, 200, 302)),
    "schedule": ("get", Q + "schedule_change", "schedule", row(200, 200, 302)),
    "schedule post": ("post", Q + "schedule_change", "schedule", row(403, 200, 302)),
    "schedule add": ("get", Q + "schedule_add", None, row(403, 200, 302)),
    "schedule delete": ("get", Q + "schedule_delete", "schedule", row(403, 200, 302)),
    "successful jobs": ("get", Q + "success_changelist", None, row(200, 200, 302)),
    "successful job": ("get", Q + "success_change", "success", row(200, 200, 302)),
    "failed jobs": ("get", Q + "failure_changelist", None, row(200, 200, 302)),
    "failed job": ("get", Q + "failure_change", "failure", row(200, 200, 302)),
    "failed job delete": ("get", Q + "failure_delete", "failure", row(403, 200, 302)),
    "queued jobs": ("get", Q + "ormq_changelist", None, row(200, 200, 302)),
    "queued job": ("get", Q + "ormq_change", "queued", row(200, 200, 302)),
    "queued job delete": ("get", Q + "ormq_delete", "queued", row(403, 200, 302)),
}


def change_data(user, **overrides):
    """The change form's fields as a superuser sees them, with the account's current values."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "organisation": user.organisation_id or "",
        "job_title": user.job_title,
        "phone": user.phone,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "directory_consent": "on" if user.directory_consent else "",
        "is_organisation_editor": "on" if user.is_organisation_editor else "",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def post_data(name, target):
    url_name = ADMIN_MATRIX[name][1]
    if url_name.startswith(Q):
        return {}  # an empty form: superusers get it back with its errors, staff a 403
    if url_name.endswith("password_change"):
        return {"password1": "Prise-de-controle-2024", "password2": "Prise-de-controle-2024"}
    if url_name.endswith(("change", "simple_history")):
        return change_data(User.objects.get(pk=target if isinstance(target, int) else target[0]))
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ADMIN_MATRIX))
def test_each_role_gets_the_expected_status_in_the_admin(client, request, targets, name):
    method, url_name, target, expected = ADMIN_MATRIX[name]
    value = targets.get(target)
    args = [] if value is None else list(value) if isinstance(value, tuple) else [value]
    url = reverse(url_name, args=args)
    got = {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        savepoint = transaction.savepoint()
        try:
            data = post_data(name, value) if method == "post" else None
            got[role] = getattr(client, method)(url, data).status_code
        finally:
            transaction.savepoint_rollback(savepoint)
    assert got == expected


@pytest.mark.django_db
def test_staff_cannot_make_a_member_superuser_or_staff(client, staff_user, alice):
    client.force_login(staff_user)
    url = reverse(U + "change", args=[alice.pk])
    form = client.get(url).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "password"):
        assert f'name="{field}"' not in form
    assert "../password/" not in form
    response = client.post(
        url,
        change_data(
            alice,
            full_name="Alice Martin-Durand",
            is_superuser="on",
            is_staff="on",
            groups=Group.objects.get(name="AR Hlm staff").pk,
            email="staff@example.org",
        ),
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.full_name == "Alice Martin-Durand"  # what staff may change is saved
    assert not alice.is_superuser
    assert not alice.is_staff
    assert not alice.groups.exists()
    assert alice.email == "alice@example.org"


@pytest.mark.django_db
def test_staff_still_run_the_club_from_the_change_form(client, staff_user, alice, chalets):
    client.force_login(staff_user)
    url = reverse(U + "change", args=[alice.pk])
    response = client.post(
        url,
        change_data(alice, organisation=chalets.pk, is_organisation_editor="on", is_active=""),
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.organisation, alice.is_organisation_editor, alice.is_active) == (
        chalets,
        True,
        False,
    )


@pytest.mark.django_db
def test_staff_cannot_set_the_superuser_password_and_sign_in_as_them(client, staff_user, superuser):
    client.force_login(staff_user)
    response = client.post(
        reverse(PW, args=[superuser.pk]),
        {"password1": "Prise-de-controle-2024", "password2": "Prise-de-controle-2024"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password("Prise-de-controle-2024")


@pytest.mark.django_db
def test_staff_cannot_revert_an_account_to_a_version_with_privileges(client, staff_user, alice):
    alice.is_staff = True
    alice.save()
    version = alice.history.latest().history_id
    alice.is_staff = False
    alice.save()
    client.force_login(staff_user)
    response = client.post(
        reverse(U + "simple_history", args=[alice.pk, version]), change_data(alice)
    )
    assert response.status_code == 403
    alice.refresh_from_db()
    assert not alice.is_staff


@pytest.mark.django_db
def test_staff_add_accounts_without_a_password_or_privileges(client, staff_user, icf):
    client.force_login(staff_user)
    form = client.get(reverse(U + "add")).content.decode()
    assert 'name="password1"' not in form
    response = client.post(
        reverse(U + "add"),
        {
            "email": "nouvelle@example.org",
            "full_name": "Nina Nouvelle",
            "organisation": icf.pk,
            "password1": "Connu-du-staff-2024",
            "password2": "Connu-du-staff-2024",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert not user.has_usable_password()
    assert not user.is_superuser


@pytest.mark.django_db
def test_staff_cannot_find_out_who_is_superuser_from_the_list(client, staff_user, superuser):
    client.force_login(staff_user)
    content = client.get(reverse(U + "changelist")).content.decode()
    assert "is_staff" not in content
    assert "is_superuser" not in content
    response = client.get(reverse(U + "changelist"), {"is_superuser__exact": "1"})
    assert response.status_code == 400


RESET_LINK = re.compile(r"/comptes/password/reset/key/[^\s\"'<]+")


def readable(client, url):
    return client.get(url).content.decode()


@pytest.mark.django_db
def test_staff_see_who_was_mailed_what_but_not_the_reset_link(
    client, staff_user, superuser, targets
):
    message = Message.objects.get(pk=targets["message"])
    link = RESET_LINK.search(message.email.body)[0]
    client.force_login(staff_user)
    pages = [
        readable(client, reverse("admin:mailer_message_changelist")),
        readable(client, reverse("admin:mailer_message_change", args=[message.pk])),
        readable(client, reverse("admin:mailer_messagelog_changelist")),
        readable(client, reverse("admin:mailer_messagelog_change", args=[targets["log"]])),
    ]
    for page in pages:
        assert "root@example.org" in page
        assert message.subject in page
        assert link not in page
        assert message.message_data[:60] not in page
    assert "Connection refused" in pages[3]  # whether it failed, and why


@pytest.mark.django_db
def test_superusers_still_read_the_bodies(client, superuser, targets):
    message = Message.objects.get(pk=targets["message"])
    link = RESET_LINK.search(message.email.body)[0]
    client.force_login(superuser)
    page = readable(client, reverse("admin:mailer_message_change", args=[message.pk]))
    assert link in page


@pytest.mark.django_db
def test_staff_watch_the_jobs_but_cannot_resubmit_or_delete_them(client, staff_user, targets):
    client.force_login(staff_user)
    page = readable(client, reverse(Q + "failure_changelist"))
    assert "math.floor" in page
    assert "resubmit_task" not in page
    assert 'name="action"' not in page
    response = client.post(
        reverse(Q + "failure_changelist"),
        {"action": "resubmit_task", "_selected_action": [targets["failure"]]},
    )
    assert Failure.objects.filter(pk=targets["failure"]).exists()
    assert response.status_code in {200, 302}
    schedule = readable(client, reverse(Q + "schedule_change", args=[targets["schedule"]]))
    assert "clubs.services.meeting_reminders_send" in schedule
    assert 'name="func"' not in schedule  # read-only for staff


@pytest.mark.django_db
def test_superusers_resubmit_a_failed_job(client, superuser, targets):
    client.force_login(superuser)
    page = readable(client, reverse(Q + "failure_changelist"))
    assert "resubmit_task" in page
