import pytest
from django.contrib.auth.models import AnonymousUser

from clubs.models import Meeting
from clubs.permissions import is_animator
from landlords.permissions import is_member
from tests.factories import ClubFactory, MeetingFactory


@pytest.mark.django_db
def test_roles(alice, bob, charlie, staff_user, unapproved):
    assert [
        is_member(u) for u in (AnonymousUser(), unapproved, alice, bob, charlie, staff_user)
    ] == [
        False,
        False,
        True,
        True,
        True,
        True,
    ]
    assert [is_animator(u) for u in (AnonymousUser(), alice, charlie, staff_user)] == [
        False,
        False,
        True,
        False,
    ]


@pytest.mark.django_db
def test_draft_meeting_is_seen_and_managed_only_by_its_animators_and_staff(
    alice, charlie, staff_user, club
):
    draft = MeetingFactory(club=club, status=Meeting.Status.DRAFT)
    other_club_draft = MeetingFactory(club=ClubFactory(), status=Meeting.Status.DRAFT)
    anonymous = AnonymousUser()
    assert not anonymous.has_perm("clubs.see_meeting", draft)
    assert not alice.has_perm("clubs.see_meeting", draft)
    assert charlie.has_perm("clubs.see_meeting", draft)
    assert not charlie.has_perm("clubs.see_meeting", other_club_draft)
    assert staff_user.has_perm("clubs.see_meeting", other_club_draft)
    assert charlie.has_perm("clubs.manage_meeting", draft)
    assert not charlie.has_perm("clubs.manage_meeting", other_club_draft)
    assert not alice.has_perm("clubs.manage_meeting", draft)


@pytest.mark.django_db
def test_published_meeting_is_seen_by_everyone_and_managed_by_its_animators(
    alice, bob, charlie, club
):
    meeting = MeetingFactory(club=club, status=Meeting.Status.PUBLISHED)
    assert AnonymousUser().has_perm("clubs.see_meeting", meeting)
    assert alice.has_perm("clubs.see_meeting", meeting)
    assert not bob.has_perm("clubs.manage_meeting", meeting)
    assert charlie.has_perm("clubs.manage_meeting", meeting)
