"""The rules the pages and the services share (mentorships/rules.py), and that no template
decides a stage, a status or a role by itself."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from menteo.errors import Conflict
from mentorships import rules, services
from mentorships.models import ExitFeedback, Stage
from tests.factories import make_mentorship

pytestmark = pytest.mark.django_db

STAGES = ["initiation", "cultivation", "separation", "redefinition"]


@pytest.mark.parametrize("ended", [False, True])
@pytest.mark.parametrize("stage", STAGES)
def test_the_contract_is_written_and_agreed_in_initiation_and_cultivation(stage, ended):
    mentorship = make_mentorship(stage=stage, ended=ended)
    editable = stage in ("initiation", "cultivation") and not ended
    assert rules.contract_editable(mentorship) is editable
    assert rules.goals_markable(mentorship) is (stage == "cultivation" and not ended)
    assert rules.review_open(mentorship) is (stage == "separation" and not ended)
    assert rules.relationship_editable(mentorship) is (stage == "redefinition" and not ended)


def test_the_service_refuses_an_agreement_the_page_does_not_offer():
    mentorship = make_mentorship(stage="separation")
    mentorship.current_contract.mentor_agreed_at = None
    mentorship.current_contract.save()
    assert not rules.awaits_agreement_of(mentorship, mentorship.mentor)
    with pytest.raises(Conflict, match="can't be agreed to in Separation"):
        services.contract_agree(mentorship=mentorship, by=mentorship.mentor, version=1)


def test_the_contract_waits_for_whoever_has_not_agreed():
    mentorship = make_mentorship(stage="initiation", agreed=False)
    assert rules.awaits_agreement_of(mentorship, mentorship.mentor)
    services.contract_agree(mentorship=mentorship, by=mentorship.mentor, version=1)
    mentorship.refresh_from_db()
    assert not rules.awaits_agreement_of(mentorship, mentorship.mentor)
    assert rules.awaits_agreement_of(mentorship, mentorship.mentee)
    assert not rules.awaits_agreement_of(make_mentorship(goals=0), mentorship.mentee)


def test_only_the_mentor_may_move_on_with_goals_open():
    mentorship = make_mentorship(stage="cultivation")
    assert rules.may_move_on_anyway(mentorship, mentorship.mentor)
    assert not rules.may_move_on_anyway(mentorship, mentorship.mentee)
    achieved = make_mentorship(stage="cultivation", achieved=True)
    assert not rules.may_move_on_anyway(achieved, achieved.mentor)  # nothing to move past
    [separation] = rules.transition_options(mentorship, mentorship.mentor)
    assert (separation.to, separation.override, separation.label) == (
        Stage.SEPARATION,
        True,
        "Move to Separation",
    )
    assert separation.missing  # refused as it is, but offered with a note
    assert not rules.transition_options(mentorship, mentorship.mentee)[0].override


def test_going_back_to_cultivation_starts_a_new_cycle():
    mentorship = make_mentorship(stage="separation")
    labels = {
        option.to: option for option in rules.transition_options(mentorship, mentorship.mentee)
    }
    assert labels[Stage.CULTIVATION].new_cycle
    assert labels[Stage.CULTIVATION].label == "Cycle back to Cultivation"
    assert labels[Stage.REDEFINITION].asks_relationship
    assert not rules.starts_new_cycle(make_mentorship(), Stage.CULTIVATION)


def test_the_words_for_each_person():
    mentorship = make_mentorship()
    mentor, mentee = mentorship.mentor, mentorship.mentee
    assert rules.pair_line(mentorship, mentor) == f"You mentor {mentee.name}"
    assert rules.pair_line(mentorship, mentee) == f"{mentor.name} mentors you"
    assert (rules.other_role(mentorship, mentor), rules.other_role(mentorship, mentee)) == (
        "mentee",
        "mentor",
    )
    assert rules.feedback_opening(ExitFeedback.Occasion.ENDED) == "This mentorship has ended."
    assert rules.feedback_opening(None) == ""


def test_the_pages_ask_the_rules(client):
    mentorship = make_mentorship(stage="redefinition")
    client.force_login(mentorship.mentor)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert f"You mentor {mentorship.mentee.name}" in page
    assert "You reached Redefinition." in page
    assert "You proposed: Peers, check in every quarter." in page
    assert "Edit contract" not in page and "I agree to version" not in page
    assert "Your mentee" in client.get(reverse("home")).content.decode()


# No template decides by itself ----------------------------------------------------------

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
WORD = r"[\"'][a-z_ ]+[\"']"
NAME = r"[\w.]*\b(?:stage|status|role|occasion|feedback_occasion)\b"
COMPARISONS = [
    re.compile(rf"{NAME}\s*(?:==|!=)\s*{WORD}"),  # mentorship.stage == "separation"
    re.compile(rf"{WORD}\s*(?:==|!=)\s*{NAME}"),  # "mentor" == role
    re.compile(rf"{NAME}\s+(?:not\s+)?in\s+{WORD}"),  # stage in "separation redefinition"
    re.compile(rf"(?:==|!=)\s*[\"'](?:mentor|mentee|{'|'.join(STAGES)})[\"']"),
]


def test_there_are_templates_to_check():
    assert any(template.name == "_contract.html" for template in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_compares_a_stage_a_status_or_a_role(template):
    """Ask mentorships/rules.py (the `mentorship_rules` filters) or a model property instead."""
    tags = re.findall(r"{%.*?%}", template.read_text(), flags=re.DOTALL)
    found = [tag for tag in tags for pattern in COMPARISONS if pattern.search(tag)]
    assert not found, "\n".join(found)
