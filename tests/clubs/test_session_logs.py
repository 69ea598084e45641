"""Restitutions (session logs): the rapporteur writes, the animators approve or send back; who
may read, write and review; versions that refuse a stale save; the history of the changes."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clubs import services
from clubs.models import Action, Meeting, SessionLog, Workshop
from tests.factories import ClubFactory, MeetingFactory, UserFactory


@pytest.fixture
def meeting(meeting):
    """The shared meeting, moved to last week: restitutions are written once it took place."""
    meeting.date = timezone.localdate() - datetime.timedelta(days=7)
    meeting.save()
    return meeting


STALE = "Quelqu’un d’autre a enregistré cette restitution"


def log_url(workshop):
    return reverse("clubs:session-log", args=[workshop.pk])


def approve_url(workshop):
    return reverse("clubs:session-log-approve", args=[workshop.pk])


def return_url(workshop):
    return reverse("clubs:session-log-return", args=[workshop.pk])


def history_url(workshop):
    return reverse("clubs:session-log-history", args=[workshop.pk])


def login_url(path):
    return f"{reverse('account_login')}?next={path}"


def draft(rapporteur, workshop, *, summary="Des bailleurs démunis face aux troubles.", **kw):
    return services.session_log_save(actor=rapporteur, workshop=workshop, summary=summary, **kw)


def submitted(rapporteur, workshop, **kw):
    return services.session_log_submit(actor=rapporteur, log=draft(rapporteur, workshop, **kw))


def approved(rapporteur, animator, workshop, **kw):
    log = submitted(rapporteur, workshop, **kw)
    return services.session_log_approve(actor=animator, log=log)


def form_data(*, version, summary="", key_findings="", proposals="", actions=(), button="save"):
    """What the restitution form posts: its fields, the actions formset and the button."""
    data = {
        "version": "" if version is None else str(version),
        "summary": summary,
        "key_findings": key_findings,
        "proposals": proposals,
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": str(sum(1 for row in actions if row.get("id"))),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        button: "",
    }
    for index, row in enumerate(actions):
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"actions-{index}-DELETE"] = "on"
            else:
                data[f"actions-{index}-{key}"] = "" if value is None else str(value)
    return data


def client_for(user):
    """A second browser, for a second person working at the same time."""
    other = Client()
    other.force_login(user)
    return other


# --- Service: writing a draft ----------------------------------------------------------------


@pytest.mark.django_db
def test_rapporteur_saves_a_first_draft_that_she_signs_at_version_one(rita, workshop):
    log = services.session_log_save(
        actor=rita,
        workshop=workshop,
        summary="  Les gardiens se sentent seuls.  ",
        key_findings="Former les gardiens.",
        proposals="",
    )
    log.refresh_from_db()
    assert (log.workshop, log.author, log.status, log.version) == (
        workshop,
        rita,
        SessionLog.Status.DRAFT,
        1,
    )
    assert log.summary == "Les gardiens se sentent seuls."
    assert log.key_findings == "Former les gardiens."


@pytest.mark.django_db
def test_rapporteur_saves_again_from_the_version_she_read(rita, workshop):
    log = draft(rita, workshop)
    again = services.session_log_save(
        actor=rita, workshop=workshop, version=log.version, summary="Deuxième jet."
    )
    again.refresh_from_db()
    assert again.pk == log.pk
    assert (again.version, again.summary) == (2, "Deuxième jet.")
    assert SessionLog.objects.count() == 1


@pytest.mark.django_db
def test_a_save_based_on_an_older_version_is_refused_as_stale_and_changes_nothing(rita, workshop):
    log = draft(rita, workshop, summary="Premier jet.")
    services.session_log_save(actor=rita, workshop=workshop, version=1, summary="Par l’onglet 1")
    with pytest.raises(ValidationError) as error:
        services.session_log_save(
            actor=rita,
            workshop=workshop,
            version=1,
            summary="Par l’onglet 2",
            actions=[{"id": None, "title": "Rédiger un guide", "owner": rita.organisation}],
        )
    assert error.value.code == "stale"
    log.refresh_from_db()
    assert (log.summary, log.version) == ("Par l’onglet 1", 2)
    assert log.history.count() == 2
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_a_second_rapporteur_saving_keeps_the_first_author(rita, bob, workshop):
    workshop.rapporteurs.add(bob)
    log = draft(rita, workshop)
    services.session_log_save(actor=bob, workshop=workshop, version=1, summary="Complété")
    log.refresh_from_db()
    assert (log.author, log.summary, log.version) == (rita, "Complété", 2)


@pytest.mark.django_db
def test_unknown_fields_are_a_programming_error(rita, workshop):
    with pytest.raises(ValueError, match="status"):
        services.session_log_save(actor=rita, workshop=workshop, status="approved")
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "fabien", "charlie", "unapproved"])
def test_only_a_rapporteur_who_is_a_member_may_write_the_restitution(request, role, workshop):
    with pytest.raises(PermissionDenied):
        draft(request.getfixturevalue(role), workshop)
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
def test_a_rapporteur_whose_account_is_not_approved_may_not_write(unapproved, workshop):
    workshop.rapporteurs.add(unapproved)
    with pytest.raises(PermissionDenied):
        draft(unapproved, workshop)


@pytest.mark.django_db
def test_no_restitution_is_written_for_a_meeting_still_in_draft(rita, workshop):
    Meeting.objects.filter(pk=workshop.meeting_id).update(status=Meeting.Status.DRAFT)
    workshop.refresh_from_db()
    with pytest.raises(PermissionDenied):
        draft(rita, workshop)


@pytest.mark.django_db
def test_someone_who_may_not_write_cannot_even_damage_an_existing_draft(rita, fabien, workshop):
    log = draft(rita, workshop, summary="Texte de Rita")
    with pytest.raises(PermissionDenied):
        services.session_log_save(actor=fabien, workshop=workshop, version=1, summary="Écrasé")
    with pytest.raises(PermissionDenied):
        services.session_log_submit(actor=fabien, log=log)
    log.refresh_from_db()
    assert (log.summary, log.version, log.status) == ("Texte de Rita", 1, "draft")


# --- Service: submitting, approving, sending back --------------------------------------------


@pytest.mark.django_db
def test_submitting_needs_a_summary(rita, workshop, django_capture_on_commit_callbacks):
    log = draft(rita, workshop, summary="   ", key_findings="Des idées")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.session_log_submit(actor=rita, log=log)
    assert error.value.message_dict == {"summary": ["Rédigez la synthèse avant de soumettre."]}
    log.refresh_from_db()
    assert (log.status, log.submitted_at) == (SessionLog.Status.DRAFT, None)
    assert mail.outbox == []


@pytest.mark.django_db
def test_submitting_hands_the_restitution_to_the_animators_by_email(
    rita, charlie, workshop, django_capture_on_commit_callbacks
):
    log = draft(rita, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_log_submit(actor=rita, log=log)
    log.refresh_from_db()
    assert log.status == SessionLog.Status.SUBMITTED
    assert log.submitted_at is not None
    assert log.version == 2
    [email] = mail.outbox
    assert email.to == ["charlie@example.org"]
    assert "Résidences et souffrance psychique" in email.subject
    assert f"http://testserver{log_url(workshop)}" in email.body


@pytest.mark.django_db
def test_saving_with_submit_hands_the_saved_text_to_the_animators(
    rita, charlie, workshop, django_capture_on_commit_callbacks
):
    log = draft(rita, workshop, summary="Brouillon")
    with django_capture_on_commit_callbacks(execute=True):
        services.session_log_save(
            actor=rita, workshop=workshop, version=log.version, summary="Finale", submit=True
        )
    log.refresh_from_db()
    assert (log.status, log.summary, log.version) == (SessionLog.Status.SUBMITTED, "Finale", 3)
    assert [email.to for email in mail.outbox] == [["charlie@example.org"]]


@pytest.mark.django_db
def test_a_refused_submit_saves_nothing_so_the_form_version_stays_current(
    rita, workshop, django_capture_on_commit_callbacks
):
    log = draft(rita, workshop, summary="", key_findings="Idées")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.session_log_save(
            actor=rita,
            workshop=workshop,
            version=log.version,
            summary="  ",
            key_findings="Idées revues",
            actions=[{"id": None, "title": "Rédiger un guide", "owner": rita.organisation}],
            submit=True,
        )
    assert error.value.message_dict == {"summary": ["Rédigez la synthèse avant de soumettre."]}
    log.refresh_from_db()
    assert (log.status, log.version, log.key_findings) == (SessionLog.Status.DRAFT, 1, "Idées")
    assert log.history.count() == 1
    assert not Action.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_submitted_restitution_cannot_be_submitted_twice(rita, charlie, workshop):
    log = submitted(rita, workshop)
    with pytest.raises(ValidationError, match="déjà soumise"):
        services.session_log_submit(actor=rita, log=log)


@pytest.mark.django_db
def test_animator_approves_and_the_rapporteurs_are_thanked_by_email(
    rita, charlie, workshop, django_capture_on_commit_callbacks
):
    workshop.rapporteurs.add(UserFactory(email="rene@example.org", full_name="René Second"))
    log = submitted(rita, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_log_approve(actor=charlie, log=log)
    log.refresh_from_db()
    assert log.status == SessionLog.Status.APPROVED
    assert log.approved_by == charlie
    assert timezone.now() - log.approved_at < datetime.timedelta(minutes=1)
    [email] = mail.outbox
    assert sorted(email.to) == ["rene@example.org", "rita@example.org"]
    assert "Résidences et souffrance psychique" in email.subject


@pytest.mark.django_db
def test_staff_approve_a_restitution_of_any_club(rita, staff_user, workshop):
    log = services.session_log_approve(actor=staff_user, log=submitted(rita, workshop))
    assert (log.status, log.approved_by) == (SessionLog.Status.APPROVED, staff_user)


@pytest.mark.django_db
def test_an_approved_restitution_is_locked_for_its_rapporteur(rita, charlie, workshop):
    log = approved(rita, charlie, workshop, summary="Version validée")
    with pytest.raises(ValidationError) as error:
        services.session_log_save(
            actor=rita, workshop=workshop, version=log.version, summary="Retouche"
        )
    assert error.value.code == "locked"
    log.refresh_from_db()
    assert (log.summary, log.status) == ("Version validée", SessionLog.Status.APPROVED)


@pytest.mark.django_db
def test_a_submitted_restitution_is_locked_until_it_comes_back(rita, charlie, workshop):
    log = submitted(rita, workshop, summary="Soumise")
    with pytest.raises(ValidationError) as error:
        services.session_log_save(actor=rita, workshop=workshop, summary="Retouche")
    assert error.value.code == "locked"
    log.refresh_from_db()
    assert log.summary == "Soumise"


@pytest.mark.django_db
def test_sending_back_needs_a_comment(rita, charlie, workshop):
    log = submitted(rita, workshop)
    with pytest.raises(ValidationError) as error:
        services.session_log_return(actor=charlie, log=log, comment="   ")
    assert error.value.message_dict == {
        "comment": ["Indiquez au rapporteur ce qu’il faut modifier."]
    }
    log.refresh_from_db()
    assert log.status == SessionLog.Status.SUBMITTED


@pytest.mark.django_db
def test_sending_back_makes_it_a_draft_again_with_the_comment_emailed_to_the_rapporteur(
    rita, charlie, workshop, django_capture_on_commit_callbacks
):
    log = submitted(rita, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_log_return(
            actor=charlie, log=log, comment="Ajoutez les chiffres de la Poste."
        )
    log.refresh_from_db()
    assert (log.status, log.return_comment) == (
        SessionLog.Status.DRAFT,
        "Ajoutez les chiffres de la Poste.",
    )
    [email] = mail.outbox
    assert email.to == ["rita@example.org"]
    assert "Ajoutez les chiffres de la Poste." in email.body
    # Back in her hands: she saves from the version she now reads, and submits again.
    log = services.session_log_save(
        actor=rita, workshop=workshop, version=log.version, summary="Avec les chiffres."
    )
    services.session_log_submit(actor=rita, log=log)
    log.refresh_from_db()
    assert (log.status, log.summary) == (SessionLog.Status.SUBMITTED, "Avec les chiffres.")


@pytest.mark.django_db
def test_approving_clears_the_comment_of_an_earlier_return(rita, charlie, workshop):
    log = submitted(rita, workshop)
    log = services.session_log_return(actor=charlie, log=log, comment="Précisez.")
    log = services.session_log_submit(
        actor=rita, log=draft(rita, workshop, version=log.version, summary="Précisé.")
    )
    log = services.session_log_approve(actor=charlie, log=log)
    log.refresh_from_db()
    assert (log.status, log.return_comment) == (SessionLog.Status.APPROVED, "")


@pytest.mark.django_db
def test_a_draft_can_be_neither_approved_nor_sent_back(
    rita, charlie, workshop, django_capture_on_commit_callbacks
):
    log = draft(rita, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError, match="Seule une restitution soumise"):
            services.session_log_approve(actor=charlie, log=log)
        with pytest.raises(ValidationError, match="Seule une restitution soumise"):
            services.session_log_return(actor=charlie, log=log, comment="Non.")
    log.refresh_from_db()
    assert (log.status, log.approved_by, log.return_comment) == ("draft", None, "")
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_approved_restitution_cannot_be_sent_back(rita, charlie, workshop):
    log = approved(rita, charlie, workshop)
    with pytest.raises(ValidationError):
        services.session_log_return(actor=charlie, log=log, comment="Trop tard.")
    log.refresh_from_db()
    assert log.status == SessionLog.Status.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rita", "alice", "bob", "fabien"])
def test_only_animators_and_staff_review_a_restitution(request, role, rita, workshop):
    log = submitted(rita, workshop)
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.session_log_approve(actor=actor, log=log)
    with pytest.raises(PermissionDenied):
        services.session_log_return(actor=actor, log=log, comment="Non.")
    log.refresh_from_db()
    assert (log.status, log.approved_by) == (SessionLog.Status.SUBMITTED, None)


@pytest.mark.django_db
def test_the_animator_of_another_club_may_not_review(rita, workshop):
    other_animator = UserFactory(full_name="Olga Ailleurs")
    ClubFactory().animators.add(other_animator)
    log = submitted(rita, workshop)
    with pytest.raises(PermissionDenied):
        services.session_log_approve(actor=other_animator, log=log)


# --- Service: follow-up actions --------------------------------------------------------------


@pytest.mark.django_db
def test_actions_are_created_with_the_draft(rita, workshop, icf, chalets):
    due = datetime.date(2026, 6, 30)
    log = draft(
        rita,
        workshop,
        actions=[
            {"id": None, "title": "Recenser les CMP partenaires", "owner": icf, "due_date": due},
            {"id": None, "title": "Former les gardiens", "owner": chalets},
        ],
    )
    assert list(log.actions.order_by("pk").values_list("title", "owner", "due_date", "status")) == [
        ("Recenser les CMP partenaires", icf.pk, due, "open"),
        ("Former les gardiens", chalets.pk, None, "open"),
    ]


@pytest.mark.django_db
def test_actions_are_updated_by_their_id_and_deleted_when_asked(rita, workshop, icf, chalets):
    log = draft(
        rita,
        workshop,
        actions=[
            {"id": None, "title": "Recenser les CMP", "owner": icf},
            {"id": None, "title": "Action abandonnée", "owner": icf},
        ],
    )
    kept, dropped = log.actions.order_by("pk")
    services.session_log_save(
        actor=rita,
        workshop=workshop,
        version=log.version,
        summary=log.summary,
        actions=[
            {"id": kept.pk, "title": "Recenser les CMP du Var", "owner": chalets},
            {"id": dropped.pk, "title": dropped.title, "owner": icf, "delete": True},
            {"id": None, "title": "Nouvelle action", "owner": chalets},
        ],
    )
    assert list(log.actions.order_by("pk").values_list("title", "owner")) == [
        ("Recenser les CMP du Var", chalets.pk),
        ("Nouvelle action", chalets.pk),
    ]
    assert log.actions.filter(pk=kept.pk, title="Recenser les CMP du Var").exists()
    assert not Action.objects.filter(pk=dropped.pk).exists()


@pytest.mark.django_db
def test_an_action_of_another_restitution_cannot_be_changed_from_this_one(
    rita, meeting, workshop, icf
):
    other_workshop = Workshop.objects.create(meeting=meeting, title="Intergénérationnel")
    other_workshop.rapporteurs.add(rita)
    other_log = draft(rita, other_workshop, actions=[{"title": "Chez l’autre", "owner": icf}])
    foreign = other_log.actions.get()
    log = draft(rita, workshop, summary="Avant")
    with pytest.raises(ValidationError, match="appartient à une autre restitution"):
        services.session_log_save(
            actor=rita,
            workshop=workshop,
            version=log.version,
            summary="Après",
            actions=[{"id": foreign.pk, "title": "Volée", "owner": icf, "delete": True}],
        )
    foreign.refresh_from_db()
    assert (foreign.title, foreign.session_log) == ("Chez l’autre", other_log)
    log.refresh_from_db()
    assert (log.summary, log.version) == ("Avant", 1)


@pytest.mark.django_db
def test_an_action_without_an_owner_is_refused(rita, workshop):
    with pytest.raises(ValidationError) as error:
        draft(rita, workshop, actions=[{"title": "Sans porteur", "owner": None}])
    assert error.value.message_dict == {
        "action-0": ["Une action de suivi demande un intitulé et un organisme porteur."]
    }
    assert not SessionLog.objects.exists()
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_one_invalid_action_rolls_back_the_whole_save(rita, workshop, icf):
    log = draft(
        rita, workshop, summary="Texte enregistré", actions=[{"title": "Existante", "owner": icf}]
    )
    existing = log.actions.get()
    with pytest.raises(ValidationError) as error:
        services.session_log_save(
            actor=rita,
            workshop=workshop,
            version=log.version,
            summary="Texte jamais enregistré",
            actions=[
                {"id": existing.pk, "title": "Existante renommée", "owner": icf},
                {"title": "Valide", "owner": icf},
                {"title": "", "owner": icf},
            ],
        )
    assert list(error.value.message_dict) == ["action-2"]
    log.refresh_from_db()
    assert (log.summary, log.version) == ("Texte enregistré", 1)
    assert list(log.actions.values_list("title", flat=True)) == ["Existante"]
    assert log.history.count() == 1


# --- History -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_history_records_who_saved_submitted_approved_and_sent_back(
    rita, charlie, staff_user, workshop
):
    log = draft(rita, workshop)
    log = services.session_log_submit(actor=rita, log=log)
    log = services.session_log_return(actor=charlie, log=log, comment="Précisez.")
    log = draft(rita, workshop, version=log.version, summary="Précisé.")
    log = services.session_log_submit(actor=rita, log=log)
    log = services.session_log_approve(actor=staff_user, log=log)
    records = list(log.history.order_by("history_date", "pk"))
    assert [(r.history_user, r.status, r.version) for r in records] == [
        (rita, "draft", 1),
        (rita, "submitted", 2),
        (charlie, "draft", 3),
        (rita, "draft", 4),
        (rita, "submitted", 5),
        (staff_user, "approved", 6),
    ]


@pytest.mark.django_db
def test_the_history_records_who_changed_an_action(rita, alice, workshop, icf):
    log = draft(rita, workshop, actions=[{"title": "Recenser les CMP", "owner": icf}])
    action = log.actions.get()
    services.action_set_status(actor=alice, action=action, status=Action.Status.DONE)
    assert [(r.history_user, r.status) for r in action.history.order_by("history_date")] == [
        (rita, "open"),
        (alice, "done"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animators_and_staff_read_the_history_with_the_names(
    client, request, role, rita, charlie, workshop
):
    approved(rita, charlie, workshop)
    client.force_login(request.getfixturevalue(role))
    log_page = client.get(log_url(workshop)).content.decode()
    assert history_url(workshop) in log_page
    response = client.get(history_url(workshop))
    assert response.status_code == 200
    rows = response.content.decode().split("<tbody>")[1]
    assert rows.count("<tr>") == 3
    assert rows.index("Charlie Venturelli") < rows.index("Rita Rapporteure")
    assert "Validée" in rows


@pytest.mark.django_db
def test_the_history_names_what_each_change_touched(client, rita, charlie, workshop):
    log = draft(rita, workshop, summary="Un")
    draft(rita, workshop, version=log.version, summary="Un", proposals="Deux")
    client.force_login(charlie)
    rows = client.get(history_url(workshop)).content.decode().split("<tbody>")[1].split("<tr>")
    newest = rows[1]
    assert "Propositions" in newest
    assert "Synthèse" not in newest


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rita", "fabien", "alice", "bob"])
def test_the_history_is_forbidden_to_everyone_but_animators_and_staff(
    client, request, role, rita, charlie, workshop
):
    approved(rita, charlie, workshop)
    client.force_login(request.getfixturevalue(role))
    assert client.get(history_url(workshop)).status_code == 403
    assert history_url(workshop) not in client.get(log_url(workshop)).content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_is_asked_to_sign_in_for_the_history(client, rita, charlie, workshop):
    approved(rita, charlie, workshop)
    response = client.get(history_url(workshop))
    assert response.status_code == 302
    assert response.url == login_url(history_url(workshop))


@pytest.mark.django_db
def test_history_of_a_workshop_without_restitution_is_404(client, charlie, workshop):
    client.force_login(charlie)
    assert client.get(history_url(workshop)).status_code == 404


# --- Reading the page, per role ----------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_reads_an_approved_restitution_of_a_published_meeting(
    client, rita, charlie, workshop, icf
):
    approved(
        rita,
        charlie,
        workshop,
        summary="Les gardiens se sentent seuls.",
        proposals="Un réseau de référents.",
        actions=[{"title": "Recenser les CMP", "owner": icf}],
    )
    response = client.get(log_url(workshop))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Les gardiens se sentent seuls." in content
    assert "Un réseau de référents." in content
    assert "Recenser les CMP" in content
    assert "ICF Habitat Sud-Est Méditerranée" in content
    assert "Charlie Venturelli" in content  # approved by
    assert 'name="summary"' not in content
    assert approve_url(workshop) not in content


@pytest.mark.django_db
def test_anonymous_visitor_gets_404_for_a_draft_or_a_restitution_not_written(
    client, rita, workshop
):
    assert client.get(log_url(workshop)).status_code == 404
    draft(rita, workshop)
    assert client.get(log_url(workshop)).status_code == 404
    services.session_log_submit(actor=rita, log=workshop.session_log)
    assert client.get(log_url(workshop)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob"])
def test_members_get_404_for_a_draft_and_read_it_once_approved(
    client, request, role, rita, charlie, workshop
):
    client.force_login(request.getfixturevalue(role))
    log = draft(rita, workshop, summary="Texte en cours")
    assert client.get(log_url(workshop)).status_code == 404
    assert client.post(log_url(workshop), form_data(version=1, summary="x")).status_code == 404
    services.session_log_approve(
        actor=charlie, log=services.session_log_submit(actor=rita, log=log)
    )
    response = client.get(log_url(workshop))
    assert response.status_code == 200
    assert "Texte en cours" in response.content.decode()
    assert 'name="summary"' not in response.content.decode()


@pytest.mark.django_db
def test_members_may_not_post_on_an_approved_restitution(client, alice, rita, charlie, workshop):
    approved(rita, charlie, workshop, summary="Validée telle quelle")
    client.force_login(alice)
    assert (
        client.post(log_url(workshop), form_data(version=3, summary="Vandale")).status_code == 403
    )
    assert SessionLog.objects.get().summary == "Validée telle quelle"


@pytest.mark.django_db
def test_rapporteur_gets_an_empty_form_for_a_restitution_not_written_yet(client, rita, workshop):
    client.force_login(rita)
    content = client.get(log_url(workshop)).content.decode()
    assert '<textarea name="summary"' in content
    assert 'name="version" value="0"' in content
    assert 'name="save"' in content
    assert 'name="submit"' in content
    # One blank action row; "add a row" makes more in place.
    assert 'name="actions-TOTAL_FORMS" value="1"' in content


@pytest.mark.django_db
def test_rapporteur_saves_a_draft_with_actions_through_the_page(client, rita, workshop, icf):
    client.force_login(rita)
    response = client.post(
        log_url(workshop),
        form_data(
            version=0,
            summary="Les gardiens se sentent seuls.",
            key_findings="Former.",
            actions=[
                {"title": "Recenser les CMP", "owner": icf.pk, "due_date": "2026-06-30"},
                {"title": "", "owner": ""},
            ],
        ),
        follow=True,
    )
    content = response.content.decode()
    assert response.redirect_chain == [(log_url(workshop), 302)]
    assert "Brouillon enregistré." in content
    log = SessionLog.objects.get()
    assert (log.author, log.status, log.version, log.summary, log.key_findings) == (
        rita,
        "draft",
        1,
        "Les gardiens se sentent seuls.",
        "Former.",
    )
    action = log.actions.get()
    assert (action.title, action.owner, action.due_date) == (
        "Recenser les CMP",
        icf,
        datetime.date(2026, 6, 30),
    )
    # The form comes back filled, based on the saved version, with the action to edit.
    assert 'name="version" value="1"' in content
    assert "Les gardiens se sentent seuls.</textarea>" in content
    assert f'name="actions-0-id" value="{action.pk}"' in content
    assert 'value="Recenser les CMP"' in content


@pytest.mark.django_db
def test_rapporteur_edits_and_removes_actions_through_the_page(client, rita, workshop, icf):
    log = draft(
        rita,
        workshop,
        actions=[{"title": "Gardée", "owner": icf}, {"title": "Supprimée", "owner": icf}],
    )
    kept, removed = log.actions.order_by("pk")
    client.force_login(rita)
    client.post(
        log_url(workshop),
        form_data(
            version=1,
            summary=log.summary,
            actions=[
                {"id": kept.pk, "title": "Gardée et renommée", "owner": icf.pk},
                {"id": removed.pk, "title": "Supprimée", "owner": icf.pk, "DELETE": True},
            ],
        ),
    )
    assert list(log.actions.values_list("title", flat=True)) == ["Gardée et renommée"]


@pytest.mark.django_db
def test_an_action_without_owner_is_refused_beside_its_field_and_nothing_is_saved(
    client, rita, workshop
):
    client.force_login(rita)
    response = client.post(
        log_url(workshop),
        form_data(version=0, summary="Texte tapé", actions=[{"title": "Sans porteur"}]),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Texte tapé</textarea>" in content
    assert 'value="Sans porteur"' in content
    assert "Quel organisme porte cette action ?" in content
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
def test_rapporteur_submits_through_the_page_and_the_animator_is_emailed(
    client, rita, charlie, workshop, django_capture_on_commit_callbacks
):
    draft(rita, workshop, summary="Brouillon")
    client.force_login(rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            log_url(workshop),
            form_data(version=1, summary="Version finale", button="submit"),
            follow=True,
        )
    content = response.content.decode()
    assert "La restitution est soumise à l’équipe d’animation." in content
    log = SessionLog.objects.get()
    assert (log.status, log.summary) == (SessionLog.Status.SUBMITTED, "Version finale")
    assert [email.to for email in mail.outbox] == [["charlie@example.org"]]
    # Submitted: read-only for her now, and a post is refused.
    assert 'name="summary"' not in content
    assert "Version finale" in content
    assert (
        client.post(log_url(workshop), form_data(version=3, summary="Retouche")).status_code == 403
    )
    log.refresh_from_db()
    assert log.summary == "Version finale"


@pytest.mark.django_db
def test_submitting_an_empty_summary_through_the_page_says_what_is_missing(
    client, rita, workshop, django_capture_on_commit_callbacks
):
    client.force_login(rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            log_url(workshop), form_data(version=0, key_findings="Idées", button="submit")
        )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Rédigez la synthèse avant de soumettre." in content
    assert "Idées</textarea>" in content
    assert mail.outbox == []
    assert not SessionLog.objects.filter(status=SessionLog.Status.SUBMITTED).exists()


@pytest.mark.django_db
def test_after_a_refused_submit_the_rapporteur_can_save_from_the_page_she_is_shown(
    client, rita, workshop
):
    draft(rita, workshop, summary="", key_findings="Idées")
    client.force_login(rita)
    response = client.post(
        log_url(workshop), form_data(version=1, key_findings="Idées revues", button="submit")
    )
    assert "Rédigez la synthèse avant de soumettre." in response.content.decode()
    shown_version = response.context["form"]["version"].value()
    response = client.post(
        log_url(workshop),
        form_data(version=shown_version, summary="Synthèse", key_findings="Idées revues"),
    )
    assert STALE not in response.content.decode()
    log = SessionLog.objects.get()
    assert (log.summary, log.key_findings) == ("Synthèse", "Idées revues")


@pytest.mark.django_db
def test_a_sent_back_restitution_shows_the_comment_and_the_form_again(
    client, rita, charlie, workshop
):
    log = submitted(rita, workshop, summary="Première version")
    services.session_log_return(actor=charlie, log=log, comment="Ajoutez la visite de Marvig.")
    client.force_login(rita)
    content = client.get(log_url(workshop)).content.decode()
    assert "Ajoutez la visite de Marvig." in content
    assert "Première version</textarea>" in content
    assert 'name="version" value="3"' in content


@pytest.mark.django_db
def test_an_approved_restitution_is_read_only_for_its_rapporteur(client, rita, charlie, workshop):
    approved(rita, charlie, workshop, summary="Version validée")
    client.force_login(rita)
    content = client.get(log_url(workshop)).content.decode()
    assert "Version validée" in content
    assert 'name="summary"' not in content
    assert 'name="submit"' not in content
    response = client.post(log_url(workshop), form_data(version=3, summary="Retouche"))
    assert response.status_code == 403
    assert SessionLog.objects.get().summary == "Version validée"


@pytest.mark.django_db
def test_facilitator_reads_the_draft_but_may_not_write_it(client, fabien, rita, workshop):
    draft(rita, workshop, summary="Texte de Rita")
    client.force_login(fabien)
    response = client.get(log_url(workshop))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Texte de Rita" in content
    assert 'name="summary"' not in content
    response = client.post(log_url(workshop), form_data(version=1, summary="Texte de Fabien"))
    assert response.status_code == 403
    log = SessionLog.objects.get()
    assert (log.summary, log.version) == ("Texte de Rita", 1)


@pytest.mark.django_db
def test_animator_reads_a_draft_without_review_forms(client, charlie, rita, workshop):
    draft(rita, workshop, summary="Texte de Rita")
    client.force_login(charlie)
    content = client.get(log_url(workshop)).content.decode()
    assert "Texte de Rita" in content
    assert 'name="summary"' not in content
    assert approve_url(workshop) not in content
    assert client.post(log_url(workshop), form_data(version=1, summary="x")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animator_and_staff_see_the_review_forms_once_submitted(
    client, request, role, rita, workshop
):
    submitted(rita, workshop, summary="À relire")
    client.force_login(request.getfixturevalue(role))
    content = client.get(log_url(workshop)).content.decode()
    assert "À relire" in content
    assert f'action="{approve_url(workshop)}"' in content
    assert f'action="{return_url(workshop)}"' in content
    assert '<textarea name="comment"' in content
    assert "Que doit modifier le rapporteur ?" in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rita", "fabien"])
def test_rapporteur_and_facilitator_do_not_see_the_review_forms(
    client, request, role, rita, workshop
):
    submitted(rita, workshop, summary="À relire")
    client.force_login(request.getfixturevalue(role))
    content = client.get(log_url(workshop)).content.decode()
    assert "À relire" in content
    assert approve_url(workshop) not in content
    assert 'name="comment"' not in content


@pytest.mark.django_db
def test_animator_approves_through_the_page(
    client, charlie, rita, workshop, django_capture_on_commit_callbacks
):
    submitted(rita, workshop)
    client.force_login(charlie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url(workshop), follow=True)
    assert "La restitution est validée." in response.content.decode()
    log = SessionLog.objects.get()
    assert (log.status, log.approved_by) == (SessionLog.Status.APPROVED, charlie)
    assert [email.to for email in mail.outbox] == [["rita@example.org"]]


@pytest.mark.django_db
def test_staff_approve_through_the_page(client, staff_user, rita, workshop):
    submitted(rita, workshop)
    client.force_login(staff_user)
    client.post(approve_url(workshop))
    log = SessionLog.objects.get()
    assert (log.status, log.approved_by) == (SessionLog.Status.APPROVED, staff_user)


@pytest.mark.django_db
def test_approving_a_draft_through_the_page_is_refused_with_a_message(
    client, charlie, rita, workshop
):
    draft(rita, workshop)
    client.force_login(charlie)
    response = client.post(approve_url(workshop), follow=True)
    assert "Seule une restitution soumise peut être validée." in response.content.decode()
    assert SessionLog.objects.get().status == SessionLog.Status.DRAFT


@pytest.mark.django_db
def test_animator_sends_back_through_the_page_with_a_comment(
    client, charlie, rita, workshop, django_capture_on_commit_callbacks
):
    submitted(rita, workshop)
    client.force_login(charlie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            return_url(workshop), {"comment": "Citez les partenaires."}, follow=True
        )
    assert "La restitution est renvoyée à ses rapporteurs." in response.content.decode()
    log = SessionLog.objects.get()
    assert (log.status, log.return_comment) == (SessionLog.Status.DRAFT, "Citez les partenaires.")
    assert [email.to for email in mail.outbox] == [["rita@example.org"]]


@pytest.mark.django_db
def test_sending_back_without_a_comment_through_the_page_is_refused(
    client, charlie, rita, workshop
):
    submitted(rita, workshop)
    client.force_login(charlie)
    response = client.post(return_url(workshop), {"comment": "  "})
    assert response.status_code == 400
    assert "Indiquez au rapporteur ce qu’il faut modifier." in response.content.decode()
    assert SessionLog.objects.get().status == SessionLog.Status.SUBMITTED


@pytest.mark.django_db
def test_animator_who_sends_back_a_restitution_a_colleague_just_approved_is_told_why(
    client, charlie, staff_user, rita, workshop
):
    log = submitted(rita, workshop)
    services.session_log_approve(actor=staff_user, log=log)
    client.force_login(charlie)
    response = client.post(return_url(workshop), {"comment": "Précisez."}, follow=True)
    assert "Seule une restitution soumise peut être renvoyée." in response.content.decode()
    assert SessionLog.objects.get().status == SessionLog.Status.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rita", "fabien", "alice", "bob"])
def test_only_animators_and_staff_may_approve_or_send_back_through_the_pages(
    client, request, role, rita, workshop, django_capture_on_commit_callbacks
):
    submitted(rita, workshop)
    client.force_login(request.getfixturevalue(role))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(approve_url(workshop)).status_code == 403
        assert client.post(return_url(workshop), {"comment": "Non."}).status_code == 403
    log = SessionLog.objects.get()
    assert (log.status, log.approved_by, log.return_comment) == ("submitted", None, "")
    assert mail.outbox == []


@pytest.mark.django_db
def test_anonymous_visitor_is_asked_to_sign_in_to_approve(client, rita, workshop):
    submitted(rita, workshop)
    response = client.post(approve_url(workshop))
    assert response.url == login_url(approve_url(workshop))
    assert SessionLog.objects.get().status == SessionLog.Status.SUBMITTED


@pytest.mark.django_db
def test_approval_pages_only_take_posts(client, charlie, rita, workshop):
    submitted(rita, workshop)
    client.force_login(charlie)
    assert client.get(approve_url(workshop)).status_code == 405
    assert SessionLog.objects.get().status == SessionLog.Status.SUBMITTED


# --- A meeting still in draft ------------------------------------------------------------------


@pytest.fixture
def draft_meeting_workshop(club, rita, fabien):
    meeting = MeetingFactory(club=club, number=9, status=Meeting.Status.DRAFT)
    workshop = Workshop.objects.create(meeting=meeting, title="Atelier en préparation")
    workshop.facilitators.add(fabien)
    workshop.rapporteurs.add(rita)
    SessionLog.objects.create(workshop=workshop, author=rita, summary="Préparé en amont")
    return workshop


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "alice", "bob", "rita", "fabien"])
def test_the_restitution_of_a_draft_meeting_is_404_for_all_but_animators_and_staff(
    client, request, role, draft_meeting_workshop
):
    if role:
        client.force_login(request.getfixturevalue(role))
    assert client.get(log_url(draft_meeting_workshop)).status_code == 404
    response = client.post(log_url(draft_meeting_workshop), form_data(version=1, summary="x"))
    assert response.status_code == 404
    assert SessionLog.objects.get().summary == "Préparé en amont"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "rita"])
def test_reviewing_a_restitution_of_a_draft_meeting_is_404_for_members(
    client, request, role, draft_meeting_workshop
):
    client.force_login(request.getfixturevalue(role))
    assert client.post(approve_url(draft_meeting_workshop)).status_code == 404
    assert client.get(history_url(draft_meeting_workshop)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animators_and_staff_read_the_restitution_of_a_draft_meeting(
    client, request, role, draft_meeting_workshop
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(log_url(draft_meeting_workshop))
    assert response.status_code == 200
    assert "Préparé en amont" in response.content.decode()


# --- Two people writing at once ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_save_through_the_page_keeps_the_typed_text_and_overwrites_nothing(
    client, rita, workshop
):
    draft(rita, workshop, summary="Texte initial")
    second = UserFactory(email="rene@example.org", full_name="René Second")
    workshop.rapporteurs.add(second)
    client.force_login(rita)
    assert 'name="version" value="1"' in client.get(log_url(workshop)).content.decode()
    other = client_for(second)
    assert 'name="version" value="1"' in other.get(log_url(workshop)).content.decode()

    client.post(log_url(workshop), form_data(version=1, summary="Texte de Rita"))
    response = other.post(
        log_url(workshop), form_data(version=1, summary="Texte de René <b>gras</b>")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert STALE in content
    assert "Texte de René &lt;b&gt;gras&lt;/b&gt;</textarea>" in content
    log = SessionLog.objects.get()
    assert (log.summary, log.version) == ("Texte de Rita", 2)


@pytest.mark.django_db
def test_the_same_rapporteur_in_two_tabs_is_warned_too(client, rita, workshop):
    draft(rita, workshop, summary="Texte initial")
    client.force_login(rita)
    client.post(log_url(workshop), form_data(version=1, summary="Onglet 1"))
    response = client.post(log_url(workshop), form_data(version=1, summary="Onglet 2"))
    content = response.content.decode()
    assert STALE in content
    assert "Onglet 2</textarea>" in content
    assert SessionLog.objects.get().summary == "Onglet 1"


@pytest.mark.django_db
def test_two_rapporteurs_starting_the_same_restitution_do_not_overwrite_each_other(
    client, rita, workshop
):
    second = UserFactory(email="rene@example.org", full_name="René Second")
    workshop.rapporteurs.add(second)
    client.force_login(rita)
    other = client_for(second)
    assert 'name="version" value="0"' in client.get(log_url(workshop)).content.decode()
    assert 'name="version" value="0"' in other.get(log_url(workshop)).content.decode()

    client.post(log_url(workshop), form_data(version=0, summary="Texte de Rita"))
    response = other.post(log_url(workshop), form_data(version=0, summary="Texte de René"))

    assert STALE in response.content.decode()
    assert SessionLog.objects.get().summary == "Texte de Rita"


@pytest.mark.django_db
def test_the_service_refuses_version_zero_once_a_restitution_exists(rita, bob, workshop):
    workshop.rapporteurs.add(bob)
    draft(rita, workshop, summary="Texte de Rita")
    with pytest.raises(ValidationError) as error:
        services.session_log_save(actor=bob, workshop=workshop, version=0, summary="Texte de Bob")
    assert error.value.code == "stale"
    assert SessionLog.objects.get().summary == "Texte de Rita"


# --- Escaping ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_html_in_a_restitution_is_shown_as_text(client, rita, charlie, workshop, icf):
    approved(
        rita,
        charlie,
        workshop,
        summary="<script>alert('synthèse')</script>",
        key_findings="<img src=x onerror=alert(1)>",
        actions=[{"title": "<b>Action</b>", "owner": icf}],
    )
    content = client.get(log_url(workshop)).content.decode()
    assert "<script>alert(" not in content
    assert "&lt;script&gt;alert(&#x27;synthèse&#x27;)&lt;/script&gt;" in content
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<b>Action</b>" not in content
    assert "&lt;b&gt;Action&lt;/b&gt;" in content


@pytest.mark.django_db
def test_a_deleted_rapporteur_s_restitution_stays_signed_former_member(
    client, rita, charlie, workshop, bob
):
    from tests.factories import TEST_PASSWORD

    log = services.session_log_save(
        actor=rita, workshop=workshop, summary="La confiance avant tout."
    )
    services.session_log_approve(
        actor=charlie, log=services.session_log_submit(actor=rita, log=log)
    )
    client.force_login(rita)
    client.post(reverse("landlords:account-delete"), {"password": TEST_PASSWORD})
    content = client.get(reverse("clubs:session-log", args=[workshop.pk])).content.decode()
    assert "La confiance avant tout." in content
    assert "ancien membre" in content
    assert "Rita Rapporteure" not in content


@pytest.mark.django_db
def test_a_deleted_member_s_upcoming_place_goes_to_the_waiting_list(client, alice, bob, club):
    from tests.factories import TEST_PASSWORD

    meeting = MeetingFactory(club=club, number=99, capacity=1)
    services.registration_create(actor=alice, meeting=meeting, dietary_note="sans gluten")
    services.registration_create(actor=bob, meeting=meeting)
    client.force_login(alice)
    client.post(reverse("landlords:account-delete"), {"password": TEST_PASSWORD})
    statuses = dict(meeting.registrations.values_list("user__email", "status"))
    assert statuses[bob.email] == "confirmed"
    assert list(meeting.registrations.values_list("dietary_note", flat=True)) == ["", ""]
