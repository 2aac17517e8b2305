from django.shortcuts import render

from dashboard.selectors import mentorships_for_dashboard
from menteo.http import HtmxHttpRequest
from mentorships import rules, selectors
from mentorships.suggestions import mentor_suggestions


def home(request: HtmxHttpRequest):
    """The dashboard for a signed-in person; the landing page for a visitor."""
    if not request.user.is_authenticated:
        return render(request, "dashboard/landing.html")
    mentorships = mentorships_for_dashboard(request.user)
    cards = [
        {
            "mentorship": mentorship,
            "other": mentorship.other_person(request.user),
            "next_steps": rules.next_steps(mentorship, request.user),
        }
        for mentorship in mentorships
    ]
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "cards": cards,
            "requests": selectors.requests_for_dashboard(request.user),
            "is_mentor": selectors.is_mentor(request.user),
            "stages": rules.STAGE_ORDER,
            "suggestions": mentor_suggestions(request.user),
        },
    )
