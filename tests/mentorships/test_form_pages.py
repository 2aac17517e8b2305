"""Forms that keep the person where they are (issue 17, point 5): errors summed up at the top
and focused, goal rows added and removed, review answers that stay on their goal, ratings
with nothing chosen for the person."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_mentorship

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def contract_post(goals, *, rows=None, review_days=120, **extra):
    """The contract form as a browser sends it: one entry per goal row, typed or empty."""
    rows = rows if rows is not None else len(goals)
    data = {
        "version": 1,
        "ground_rules": "Reply within 2 days.",
        "meeting_cadence": "weekly",
        "communication_methods": ["room", "video"],
        "review_date": (timezone.localdate() + timedelta(days=review_days)).isoformat(),
        "goals-TOTAL_FORMS": str(rows),
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "5",
        **extra,
    }
    for index in range(rows):
        title, criterion = goals[index] if index < len(goals) else ("", "")
        data[f"goals-{index}-title"] = title
        data[f"goals-{index}-success_criterion"] = criterion
    return data


def goal_rows(content: str) -> int:
    return content.count('class="goal-row"')


# Errors at the top ---------------------------------------------------------------------


def test_it_sums_up_every_contract_error_at_the_top_with_links_and_focus(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        contract_post([("Only goal", "Measured"), ("Second", "")], rows=3, review_days=-1),
    )
    content = response.content.decode()
    assert response.status_code == 400
    summary = re.search(r'<div class="form-errors error-summary" id="errors"[^>]*>', content)
    assert summary and "autofocus" in summary[0] and 'tabindex="-1"' in summary[0]
    # Above every field of the form, and naming each error with a link to its field.
    assert summary.start() < content.index('name="ground_rules"')
    assert "2 things to fix:" in content
    assert (
        '<a href="#id_review_date">Review date: The review date must be in the future.</a>'
        in content
    )
    assert (
        '<a href="#id_goals-1-success_criterion">Goal 2 · How you&#x27;ll know: '
        "Say how you&#x27;ll know this goal is reached.</a>" in content
    )
    assert '<a href="#id_communication_methods_0">' not in content  # that one was fine


def test_a_goal_count_error_is_in_the_summary_and_a_radio_group_links_its_first_option(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        {**contract_post([("A", "a")], rows=3), "communication_methods": []},
    )
    content = response.content.decode()
    summary = content[content.index('id="errors"') : content.index('name="ground_rules"')]
    assert '<a href="#id_communication_methods_0">How you&#x27;ll communicate:' in summary
    assert response.status_code == 400


def test_a_page_without_errors_has_no_summary(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    content = client.get(reverse("contract_edit", args=[mentorship.pk])).content.decode()
    assert "error-summary" not in content


def test_no_template_lists_a_forms_errors_by_hand():
    """Every form's errors go through the one summary (`{% error_summary %}`)."""
    templates = Path(settings.BASE_DIR) / "templates"
    by_hand = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "non_field_errors" in path.read_text() or "non_form_errors" in path.read_text()
    ]
    assert by_hand == []


# Goal rows added and removed -----------------------------------------------------------


def test_a_new_contract_starts_with_the_rows_it_needs_not_five(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    content = client.get(reverse("contract_edit", args=[mentorship.pk])).content.decode()
    assert goal_rows(content) == 3
    assert "Add a goal" in content
    assert "Remove this goal" in content


def test_add_a_goal_without_javascript_shows_one_more_row_and_keeps_what_was_typed(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    typed = [("Lead the team", "Team survey 4/5"), ("Hire", "Offer accepted"), ("Plan", "")]
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        contract_post(typed, ground_rules="Typed rules", add_goal="1"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content  # the whole page
    assert goal_rows(content) == 4
    assert 'value="Lead the team"' in content and 'value="Offer accepted"' in content
    assert "Typed rules" in content
    assert "error-summary" not in content  # not sent yet: no errors for the half-typed row
    assert re.search(r'<input type="text" name="goals-3-title"[^>]*autofocus', content)
    assert not mentorship.goals.exists()  # nothing saved


def test_add_a_goal_with_htmx_answers_only_the_goal_rows(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        contract_post([("A", "a"), ("B", "b"), ("C", "c")], add_goal="1"),
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<fieldset class="goals-fieldset" id="goals">')
    assert "<html" not in content and 'name="ground_rules"' not in content
    assert goal_rows(content) == 4
    assert 'name="goals-TOTAL_FORMS" value="4"' in content


def test_add_a_goal_stops_at_five_with_a_clear_message(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    five = [(f"Goal {n}", f"Measure {n}") for n in range(5)]
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]), contract_post(five, add_goal="1")
    )
    content = response.content.decode()
    assert goal_rows(content) == 5
    assert "A contract holds at most 5 goals: remove one to add another." in content
    assert ">Add a goal</button>" not in content


def test_add_a_goal_drops_the_rows_ticked_for_removal(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    five = [(f"Goal {n}", f"Measure {n}") for n in range(5)]
    response = client.post(
        reverse("contract_edit", args=[mentorship.pk]),
        contract_post(five, add_goal="1", **{"goals-1-DELETE": "on"}),
    )
    content = response.content.decode()
    assert goal_rows(content) == 5
    assert 'value="Goal 1"' not in content and 'value="Goal 4"' in content


def test_a_goal_ticked_for_removal_is_removed_when_the_contract_is_saved(client):
    mentorship = make_mentorship(goals=4)
    goals = list(mentorship.goals.order_by("pk"))
    client.force_login(mentorship.mentee)
    data = contract_post([(goal.title, goal.success_criterion) for goal in goals])
    for index, goal in enumerate(goals):
        data[f"goals-{index}-id"] = goal.pk
    data["goals-INITIAL_FORMS"] = "4"
    data["goals-2-DELETE"] = "on"
    response = client.post(reverse("contract_edit", args=[mentorship.pk]), data)
    assert response.status_code == 302
    assert list(mentorship.goals.order_by("pk").values_list("title", flat=True)) == [
        goals[0].title,
        goals[1].title,
        goals[3].title,
    ]


def test_removing_below_three_goals_is_refused_with_the_rule(client):
    mentorship = make_mentorship(goals=0)
    client.force_login(mentorship.mentee)
    data = contract_post([("A", "a"), ("B", "b"), ("C", "c")], **{"goals-0-DELETE": "on"})
    response = client.post(reverse("contract_edit", args=[mentorship.pk]), data)
    assert response.status_code == 400
    assert "Write 3 to 5 specific, measurable goals (you have 2)." in response.content.decode()
    assert not mentorship.goals.exists()


# The separation review stays on its goal -----------------------------------------------


def acknowledge(client, mentorship, goal, outcome="achieved", **headers):
    return client.post(
        reverse("separation_review", args=[mentorship.pk]),
        {"goal": goal.pk, f"goal-{goal.pk}-outcome": outcome, f"goal-{goal.pk}-note": "Done"},
        **headers,
    )


def test_an_acknowledgement_without_javascript_returns_to_its_goal(client):
    mentorship = make_mentorship(stage="separation")
    goal = mentorship.goals.order_by("pk")[1]
    client.force_login(mentorship.mentee)
    response = acknowledge(client, mentorship, goal)
    assert response.status_code == 302
    assert response.url == reverse("separation_review", args=[mentorship.pk]) + f"#goal-{goal.pk}"
    page = client.get(response.url).content.decode()
    assert f'id="goal-{goal.pk}"' in page
    # The plain form posts to its goal's error summary, so an error comes back to it, focused.
    assert f'action="/mentorships/{mentorship.pk}/review/#goal-{goal.pk}-errors"' in page


def test_an_acknowledgement_with_htmx_answers_only_its_goal_row(client):
    mentorship = make_mentorship(stage="separation")
    goal, other = mentorship.goals.order_by("pk")[:2]
    client.force_login(mentorship.mentee)
    response = acknowledge(client, mentorship, goal, outcome="partly", **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith(f'<section class="card review-goal" id="goal-{goal.pk}"')
    assert "<html" not in content and f'id="goal-{other.pk}"' not in content
    assert f"Acknowledged: “{goal.title}”." in content
    assert ">Update</button>" in content
    assert goal.acknowledgements.get().outcome == "partly"


def test_an_acknowledgement_with_htmx_and_no_outcome_answers_its_row_with_the_error(client):
    mentorship = make_mentorship(stage="separation")
    goal = mentorship.goals.first()
    client.force_login(mentorship.mentee)
    response = acknowledge(client, mentorship, goal, outcome="", **HTMX)
    content = response.content.decode()
    assert response.status_code == 400
    assert f'id="goal-{goal.pk}-errors"' in content and "autofocus" in content
    assert "Outcome: Choose an outcome for this goal." in content
    assert not goal.acknowledgements.exists()


# Exit feedback: nothing chosen for the person ------------------------------------------


def test_the_feedback_ratings_offer_no_blank_choice_and_none_is_chosen(client):
    mentorship = make_mentorship(stage="cultivation", ended=True)
    client.force_login(mentorship.mentee)
    content = client.get(reverse("exit_feedback", args=[mentorship.pk])).content.decode()
    assert 'name="relationship_rating"' in content
    assert "---------" not in content
    assert not re.search(r'<input type="radio"[^>]*checked', content)
    assert content.count('name="relationship_rating"') == 5


def test_missing_ratings_are_named_in_words(client):
    mentorship = make_mentorship(stage="cultivation", ended=True)
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("exit_feedback", args=[mentorship.pk]), {"what_worked": "Honest talks"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert (
        '<a href="#id_relationship_rating_0">The relationship (1 = poor, 5 = excellent): '
        "Choose a rating from 1 to 5.</a>" in content
    )
    assert '<a href="#id_progress_rating_0">Progress on the goals' in content
    assert content.count('<p class="error"') == 2
    response = client.post(
        reverse("exit_feedback", args=[mentorship.pk]),
        {"what_worked": "Honest talks", "relationship_rating": "4", "progress_rating": "3"},
    )
    assert response.status_code == 302
    assert mentorship.exit_feedback.get().relationship_rating == 4


def test_ticking_remove_on_a_goal_with_progress_is_refused_on_its_row(client):
    from mentorships import services

    mentorship = make_mentorship(stage="cultivation", goals=4)
    goals = list(mentorship.goals.order_by("order"))
    services.goal_set_status(
        mentorship=mentorship,
        goal_id=goals[2].pk,
        by=mentorship.mentee,
        achieved=True,
        evidence="Promoted",
    )
    client.force_login(mentorship.mentee)
    data = contract_post([(goal.title, goal.success_criterion) for goal in goals])
    for index, goal in enumerate(goals):
        data[f"goals-{index}-id"] = goal.pk
    data["goals-INITIAL_FORMS"] = "4"
    data["goals-2-DELETE"] = "on"
    response = client.post(reverse("contract_edit", args=[mentorship.pk]), data)
    content = response.content.decode()
    assert response.status_code == 400
    row = content.split('id="goal-3-label"')[1].split('class="goal-row"')[0]
    assert 'id="id_goals-2-DELETE_error">This goal has progress recorded' in row
    assert 'href="#id_goals-2-DELETE"' in content  # the summary at the top leads to the row
    assert mentorship.goals.count() == 4
    goals[2].refresh_from_db()
    assert (goals[2].status, goals[2].evidence) == ("achieved", "Promoted")
