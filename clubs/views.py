from django.shortcuts import render

from clubs.selectors import club_list, meeting_upcoming_list
from landlords.permissions import member_required


def home(request):
    """The public front page: what the club is, the next meeting, the clubs."""
    return render(
        request,
        "clubs/home.html",
        {
            "next_meeting": meeting_upcoming_list().first(),
            "clubs": club_list(),
        },
    )


@member_required
def dashboard(request):
    """The members' area: one's organisation, one's clubs and the meetings ahead."""
    return render(
        request,
        "clubs/dashboard.html",
        {"upcoming_meetings": meeting_upcoming_list()[:5]},
    )
