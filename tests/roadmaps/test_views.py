import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentorships import services as mentorship_services
from roadmaps.models import Milestone, RoadmapTemplate
from tests.factories import MilestoneFactory, RoadmapTemplateFactory, make_mentorship

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def roadmap_url(mentorship):
    return reverse("roadmap_detail", args=[mentorship.pk])


def milestone_url(name, milestone):
    return reverse(name, args=[milestone.roadmap.mentorship_id, milestone.pk])


@pytest.fixture
def mentorship():
    return make_mentorship(stage="cultivation", milestones=3)


@pytest.fixture
def logged_in(client, mentorship):
    client.force_login(mentorship.mentee)
    return client


def is_partial(response) -> bool:
    html = response.content.decode()
    return "<html" not in html and 'id="roadmap"' in html


# The page --------------------------------------------------------------


def test_the_page_lists_milestones_in_order_with_progress(logged_in, mentorship):
    Milestone.objects.filter(roadmap=mentorship.roadmap, order=1).update(status="done")
    response = logged_in.get(roadmap_url(mentorship))
    html = response.content.decode()
    assert html.index("Milestone 1") < html.index("Milestone 2") < html.index("Milestone 3")
    assert "33% done" in html
    assert "1 of 3 milestones done" in html
    assert "Start from a curated template" not in html  # only for an empty roadmap


def test_an_empty_roadmap_offers_the_templates(client):
    mentorship = make_mentorship(milestones=0)
    client.force_login(mentorship.mentor)
    html = client.get(roadmap_url(mentorship)).content.decode()
    assert "Start from a curated template" in html
    assert "Raising a seed round" in html
    assert "Or start from scratch" in html


def test_htmx_gets_the_partial_only(logged_in, mentorship):
    response = logged_in.get(roadmap_url(mentorship), **HTMX)
    assert is_partial(response)
    assert response["Vary"] and "HX-Request" in response["Vary"]


# Adding --------------------------------------------------------------


def test_adding_without_javascript_redirects_with_a_message(logged_in, mentorship):
    goal = mentorship.goals.first()
    response = logged_in.post(
        reverse("milestone_add", args=[mentorship.pk]),
        {"title": "Hold a skip-level", "due_date": "2030-01-15", "goal": goal.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == roadmap_url(mentorship)
    assert "Added “Hold a skip-level”." in response.content.decode()
    added = mentorship.roadmap.milestones.get(title="Hold a skip-level")
    assert (added.order, added.due_date, added.goal) == (3, date(2030, 1, 15), goal)


def test_adding_with_htmx_returns_the_fresh_roadmap(logged_in, mentorship):
    response = logged_in.post(
        reverse("milestone_add", args=[mentorship.pk]), {"title": "Skip-level"}, **HTMX
    )
    assert response.status_code == 200
    assert is_partial(response)
    assert "Skip-level" in response.content.decode()
    assert "0 of 4 milestones done" in response.content.decode()


def test_a_bad_milestone_keeps_what_was_typed(logged_in, mentorship):
    data = {"title": "", "description": "Keep this text", "due_date": "not a date"}
    url = reverse("milestone_add", args=[mentorship.pk])
    response = logged_in.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html and "Enter a valid date." in html
    assert "Keep this text" in html
    response = logged_in.post(url, data, **HTMX)
    assert response.status_code == 400 and is_partial(response)  # htmx swaps it (base.html)
    assert "Keep this text" in response.content.decode()
    assert mentorship.roadmap.milestones.count() == 3


def test_a_goal_of_another_mentorship_is_refused(logged_in, mentorship):
    other_goal = make_mentorship().goals.first()
    response = logged_in.post(
        reverse("milestone_add", args=[mentorship.pk]), {"title": "X", "goal": other_goal.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


# Editing, deleting, status, order ------------------------------------------------------


@pytest.mark.parametrize(
    "name, methods",
    [
        ("milestone_edit", ("get", "post")),
        ("milestone_delete", ("get", "post")),
        ("milestone_status", ("post",)),
        ("milestone_move", ("post",)),
    ],
)
def test_a_milestone_of_another_mentorship_is_404(client, mentorship, name, methods):
    """The person's own mentorship in the URL does not open their other roadmap's milestone."""
    other = make_mentorship(mentor=mentorship.mentor, milestones=2)
    foreign = other.roadmap.milestones.first()
    client.force_login(mentorship.mentor)
    url = reverse(name, args=[mentorship.pk, foreign.pk])
    data = {"status": "done", "edit-title": "Renamed", "direction": "down"}
    for method in methods:
        assert getattr(client, method)(url, data).status_code == 404, method
    foreign.refresh_from_db()
    assert (foreign.status, foreign.title, foreign.order) == ("todo", "Milestone 1", 0)


def test_editing_without_javascript_shows_the_form_in_the_page(logged_in, mentorship):
    milestone = mentorship.roadmap.milestones.first()
    url = milestone_url("milestone_edit", milestone)
    response = logged_in.get(url)
    html = response.content.decode()
    assert "<html" in html and "Edit milestone 1" in html and 'value="Milestone 1"' in html
    response = logged_in.post(url, {"edit-title": "Renamed", "edit-description": "Why"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.description) == ("Renamed", "Why")


def test_editing_with_htmx(logged_in, mentorship):
    milestone = mentorship.roadmap.milestones.first()
    url = milestone_url("milestone_edit", milestone)
    response = logged_in.get(url, **HTMX)
    assert is_partial(response) and "Save milestone" in response.content.decode()
    response = logged_in.post(url, {"edit-title": ""}, **HTMX)
    assert is_partial(response) and "This field is required." in response.content.decode()
    response = logged_in.post(url, {"edit-title": "Renamed"}, **HTMX)
    assert is_partial(response) and "Renamed" in response.content.decode()
    assert "Save milestone" not in response.content.decode()


def test_deleting_asks_first(logged_in, mentorship):
    milestone = mentorship.roadmap.milestones.first()
    url = milestone_url("milestone_delete", milestone)
    response = logged_in.get(url)
    assert "Delete “Milestone 1”?" in response.content.decode()
    assert mentorship.roadmap.milestones.count() == 3
    assert is_partial(logged_in.get(url, **HTMX))
    response = logged_in.post(url, follow=True)
    assert "Deleted “Milestone 1”." in response.content.decode()
    assert mentorship.roadmap.milestones.count() == 2


def test_deleting_with_htmx(logged_in, mentorship):
    milestone = mentorship.roadmap.milestones.first()
    response = logged_in.post(milestone_url("milestone_delete", milestone), **HTMX)
    assert is_partial(response) and "Milestone 1" not in response.content.decode()


def test_deleting_the_last_milestone_of_a_running_roadmap_explains_why(client):
    mentorship = make_mentorship(stage="cultivation", milestones=1)
    client.force_login(mentorship.mentor)
    url = milestone_url("milestone_delete", mentorship.roadmap.milestones.get())
    response = client.post(url, follow=True)
    assert "keeps at least one milestone" in response.content.decode()
    response = client.post(url, **HTMX)
    assert is_partial(response) and "keeps at least one milestone" in response.content.decode()
    assert mentorship.roadmap.milestones.count() == 1


def test_ticking_off_without_javascript(logged_in, mentorship):
    milestone = mentorship.roadmap.milestones.first()
    response = logged_in.post(
        milestone_url("milestone_status", milestone), {"status": "done"}, follow=True
    )
    assert "“Milestone 1” is done." in response.content.decode()
    assert "33% done" in response.content.decode()


def test_ticking_off_with_htmx_moves_the_progress(logged_in, mentorship):
    milestones = list(mentorship.roadmap.milestones.all())
    for milestone in milestones[:2]:
        response = logged_in.post(
            milestone_url("milestone_status", milestone), {"status": "done"}, **HTMX
        )
    assert is_partial(response)
    assert "67% done" in response.content.decode()
    assert (
        logged_in.post(
            milestone_url("milestone_status", milestones[0]), {"status": "bogus"}
        ).status_code
        == 400
    )


def test_moving_without_and_with_javascript(logged_in, mentorship):
    first, _, third = mentorship.roadmap.milestones.all()
    logged_in.post(milestone_url("milestone_move", first), {"direction": "down"})
    response = logged_in.post(milestone_url("milestone_move", third), {"direction": "up"}, **HTMX)
    html = response.content.decode()
    assert html.index("Milestone 2") < html.index("Milestone 3") < html.index("Milestone 1")


def test_applying_a_template(client):
    mentorship = make_mentorship(milestones=0)
    template = RoadmapTemplate.objects.get(slug="raising-a-seed-round")
    client.force_login(mentorship.mentee)
    url = reverse("roadmap_apply_template", args=[mentorship.pk])
    response = client.post(url, {"template": template.pk, "start_date": "2030-01-07"}, follow=True)
    assert "The roadmap now follows “Raising a seed round”." in response.content.decode()
    assert mentorship.roadmap.milestones.count() == template.milestones.count()
    first = mentorship.roadmap.milestones.order_by("order").first()
    assert first.due_date == date(2030, 1, 21)


def test_applying_a_template_with_htmx_and_bad_input(client):
    mentorship = make_mentorship(milestones=0)
    template = RoadmapTemplateFactory(steps=[(1, "One"), (2, "Two")])
    client.force_login(mentorship.mentee)
    url = reverse("roadmap_apply_template", args=[mentorship.pk])
    response = client.post(url, {"template": template.pk}, **HTMX)
    assert is_partial(response) and "This field is required." in response.content.decode()
    response = client.post(url, {"template": template.pk, "start_date": "2030-01-07"}, **HTMX)
    assert is_partial(response) and "One" in response.content.decode()
    response = client.post(url, {"template": template.pk, "start_date": "2030-01-07"}, **HTMX)
    assert "already has milestones" in response.content.decode()
    assert mentorship.roadmap.milestones.count() == 2


# Read-only --------------------------------------------------------------


def test_an_ended_roadmap_is_read_only(client):
    mentorship = make_mentorship(stage="cultivation", milestones=2, ended=True)
    milestone = mentorship.roadmap.milestones.first()
    client.force_login(mentorship.mentee)
    html = client.get(roadmap_url(mentorship)).content.decode()
    assert "read-only" in html
    assert "Add milestone" not in html and "hx-post" not in html
    response = client.post(milestone_url("milestone_status", milestone), {"status": "done"})
    assert response.status_code == 409
    assert "read-only" in response.content.decode()
    response = client.post(
        reverse("milestone_add", args=[mentorship.pk]), {"title": "Sneak in"}, follow=True
    )
    assert "read-only" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == "todo" and mentorship.roadmap.milestones.count() == 2


def test_in_separation_milestones_can_be_ticked_but_not_edited(client):
    mentorship = make_mentorship(stage="separation", milestones=2)
    client.force_login(mentorship.mentee)
    html = client.get(roadmap_url(mentorship)).content.decode()
    assert "Milestones can still be marked done." in html
    assert "Add milestone" not in html and "status-switch" in html


# The panels --------------------------------------------------------------


def test_the_mentorship_page_shows_progress_and_overdue(logged_in, mentorship):
    first, second, _ = mentorship.roadmap.milestones.all()
    first.status = "done"
    first.save()
    second.due_date = timezone.localdate() - timedelta(days=3)
    second.save()
    html = logged_in.get(mentorship.get_absolute_url()).content.decode()
    assert "33% done" in html
    assert "1 overdue" in html and "Overdue" in html
    assert reverse("roadmap_detail", args=[mentorship.pk]) in html


def test_the_dashboard_card_shows_progress_overdue_and_next_due(logged_in, mentorship):
    first, second, third = mentorship.roadmap.milestones.all()
    Milestone.objects.filter(pk=first.pk).update(status="done")
    Milestone.objects.filter(pk=second.pk).update(due_date=timezone.localdate() - timedelta(1))
    Milestone.objects.filter(pk=third.pk).update(due_date=date(2031, 5, 4))
    html = logged_in.get(reverse("home")).content.decode()
    assert re.search(r"33%</strong> · 1 of 3 done · <span class=\"overdue\">1 overdue", html)
    assert "next due" in html


def test_the_review_shows_the_agreed_and_the_current_roadmap(client):
    mentorship = make_mentorship(stage="separation", milestones=2)
    MilestoneFactory(roadmap=mentorship.roadmap, title="Found on the way", order=5)
    client.force_login(mentorship.mentor)
    html = client.get(reverse("separation_review", args=[mentorship.pk])).content.decode()
    assert "as agreed, and as it is now" in html
    assert "Found on the way" in html and "Added" in html
    assert "contract version 1" in html


# Query counts --------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("count", [5, 60])
def test_the_roadmap_page_query_count_does_not_grow(client, count, django_assert_num_queries):
    mentorship = make_mentorship(milestones=0)
    goals = list(mentorship.goals.all())
    for index in range(count):
        MilestoneFactory(roadmap=mentorship.roadmap, goal=goals[index % 3], status="done")
    client.force_login(mentorship.mentor)
    client.get(reverse("home"))  # the first request after log-in records the session
    # session, user, mentorship with roadmap and template, milestones with their goals,
    # the goals for the form's choices, unread notifications
    with django_assert_num_queries(6):
        client.get(roadmap_url(mentorship))


def test_the_review_query_count_does_not_grow(client):
    small = make_mentorship(stage="separation", milestones=5)
    large = make_mentorship(stage="separation", milestones=60)
    client.force_login(small.mentor)
    few = queries_for(client, reverse("separation_review", args=[small.pk]))
    client.force_login(large.mentor)
    assert queries_for(client, reverse("separation_review", args=[large.pk])) == few


@pytest.mark.parametrize("count", [5, 60])
def test_the_library_query_count_does_not_grow(client, mentee, count, django_assert_num_queries):
    for _ in range(count // 5):
        RoadmapTemplateFactory(steps=[(n, f"Step {n}") for n in range(5)])
    client.force_login(mentee)
    client.get(reverse("home"))
    # session, user, templates with counts, unread notifications
    with django_assert_num_queries(4):
        client.get(reverse("roadmap_template_library"))
    template = RoadmapTemplate.objects.last()
    # session, user, template, its milestones, unread notifications
    with django_assert_num_queries(5):
        client.get(template.get_absolute_url())


# The snapshot through the real pages ------------------------------------------------------


def test_agreeing_through_the_page_keeps_the_roadmap(client):
    mentorship = make_mentorship(milestones=2)
    for person in (mentorship.mentor, mentorship.mentee):
        client.force_login(person)
        client.post(reverse("contract_agree", args=[mentorship.pk]), {"version": 1})
    snapshot = mentorship.roadmap.snapshots.get()
    assert [m["title"] for m in snapshot.milestones] == ["Milestone 1", "Milestone 2"]
    assert mentorship_services  # the hook lives in mentorships.services.contract_agree
