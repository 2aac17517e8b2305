"""One rhythm per stage (issue 17, point 2): `rules.expected_rhythm` decides how often a pair
is expected to be in touch, and every card, banner, nudge and at-risk flag says the same."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from mentorships import rules, services
from mentorships.insights import program_insights
from mentorships.models import Contract, Mentorship
from notifications import services as notifications
from tests.factories import MeetingFactory, UserFactory, confirm_proposal, make_mentorship

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # a Monday
MEET = re.compile(r"\b[Mm]eet (weekly|every two weeks|monthly|as needed)\b")
CHECK_IN = re.compile(r"\b[Cc]heck in (every quarter|twice a year|once a year)\b")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def pair_in(stage, cadence="fortnightly", **kwargs):
    mentorship = make_mentorship(
        mentor=UserFactory(display_name="Maya Mentor"),
        mentee=UserFactory(display_name="Sam Mentee"),
        stage=stage,
        **kwargs,
    )
    Contract.objects.filter(pk=mentorship.current_contract_id).update(meeting_cadence=cadence)
    mentorship.refresh_from_db()
    return mentorship


def text_of(html: str) -> str:
    """The words a person reads: no tags, one space between words."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# The rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "cadence", "checkin", "days", "words", "from_contract"),
    [
        ("initiation", None, "", None, "", False),
        ("initiation", "weekly", "", 7, "meet weekly", True),
        ("cultivation", "fortnightly", "", 14, "meet every two weeks", True),
        ("cultivation", "monthly", "", 31, "meet monthly", True),
        ("cultivation", "as_needed", "", None, "meet as needed", True),
        # Separation: one step down the ladder, monthly the floor; as needed stays.
        ("separation", "weekly", "", 14, "meet every two weeks", False),
        ("separation", "fortnightly", "", 31, "meet monthly", False),
        ("separation", "monthly", "", 31, "meet monthly", True),
        ("separation", "as_needed", "", None, "meet as needed", True),
        # Redefinition: the chosen check-ins, every quarter unless chosen otherwise; the
        # contract's cadence no longer counts.
        ("redefinition", "weekly", "", 90, "check in every quarter", False),
        ("redefinition", "weekly", "twice_a_year", 182, "check in twice a year", False),
        ("redefinition", "weekly", "yearly", 365, "check in once a year", False),
    ],
)
def test_one_rule_gives_the_rhythm_of_each_stage(
    stage, cadence, checkin, days, words, from_contract
):
    rhythm = rules.stage_rhythm(stage, cadence, checkin)
    assert (rhythm.days, str(rhythm), rhythm.from_contract) == (days, words, from_contract)


def test_an_ended_mentorship_has_no_rhythm():
    mentorship = pair_in("cultivation", ended=True)
    assert rules.expected_rhythm(mentorship) == rules.NO_RHYTHM
    assert rules.next_steps(mentorship, mentorship.mentee) == [
        "This mentorship has ended. Its record stays readable."
    ]


@pytest.mark.parametrize(
    ("stage", "cadence", "quiet", "at_risk"),
    [
        ("cultivation", "weekly", 14, 21),  # messages and posts count too: two weeks at least
        ("cultivation", "fortnightly", 14, 21),
        ("cultivation", "monthly", 31, 38),
        ("cultivation", "as_needed", 31, 38),
        ("separation", "weekly", 14, 21),
        ("separation", "fortnightly", 31, 38),
    ],
)
def test_the_nudge_and_the_at_risk_flag_wait_as_long_as_the_rhythm(stage, cadence, quiet, at_risk):
    rhythm = rules.stage_rhythm(stage, cadence)
    assert (rules.quiet_after_days(rhythm), rules.at_risk_after_days(rhythm)) == (quiet, at_risk)


def test_the_query_filter_finds_exactly_the_pairs_the_rule_calls_quiet():
    expected = set()
    for stage in ("cultivation", "separation", "redefinition"):
        for cadence in ("weekly", "fortnightly", "monthly", "as_needed"):
            for quiet_days in (13, 15, 30, 32):
                mentorship = pair_in(stage, cadence)
                Mentorship.objects.filter(pk=mentorship.pk).update(
                    last_activity_at=NOW - timedelta(days=quiet_days)
                )
                rhythm = rules.stage_rhythm(stage, cadence)
                if stage != "redefinition" and quiet_days > rules.quiet_after_days(rhythm):
                    expected.add(mentorship.pk)
    found = set(Mentorship.objects.filter(rules.quiet_filter(NOW)).values_list("pk", flat=True))
    assert found == expected
    assert len(expected) == 14  # not vacuous: each stage and cadence has quiet pairs


# One page, one rhythm -----------------------------------------------------------------------


def test_in_separation_every_part_of_the_page_says_the_same_lower_rhythm(client):
    mentorship = pair_in("separation", "weekly")
    MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(days=5))
    client.force_login(mentorship.mentee)
    page = text_of(client.get(mentorship.get_absolute_url()).content.decode())
    # The banner, the meetings card and the contract, all one step down from weekly.
    assert (
        "Contact fades on purpose in Separation: meet every two weeks now (your contract said "
        "weekly)." in page
    )
    assert "Rhythm Meet every two weeks" in page
    assert "Plan the next meeting by 10 March." in page  # 24 February + two weeks
    assert "Weekly · in Separation: meet every two weeks" in page
    assert set(MEET.findall(page)) == {"every two weeks"}
    for contradiction in ("or less", "consider meeting", "fortnightly", "Agreed"):
        assert contradiction not in page

    meetings = text_of(client.get(reverse("meeting_list", args=[mentorship.pk])).content.decode())
    assert "meet every two weeks now (your contract said weekly)." in meetings
    assert set(MEET.findall(meetings)) == {"every two weeks"}
    dashboard = text_of(client.get(reverse("home")).content.decode())
    assert "Rhythm Meet every two weeks" in dashboard


def test_in_redefinition_the_chosen_check_ins_replace_the_contracts_cadence(client):
    mentorship = pair_in("redefinition", "weekly", acknowledged=True)
    services.relationship_update(
        mentorship=mentorship, by=mentorship.mentor, relationship="sponsor", checkin_rhythm="yearly"
    )
    confirm_proposal(mentorship, by=mentorship.mentee)  # proposed by one, confirmed by the other
    client.force_login(mentorship.mentee)
    page = text_of(client.get(mentorship.get_absolute_url()).content.decode())
    assert "Sponsor from here on" in page
    assert "Contact fades on purpose: check in once a year." in page
    assert "Check in once a year: a short note on what you are working on." in page
    assert "Rhythm Check in once a year" in page
    assert "Next check-in: 29 February 2028." in page  # a year of 365 days, in a leap year
    assert set(CHECK_IN.findall(page)) == {"once a year"}
    assert not MEET.findall(page)
    for contradiction in ("as peers", "now and then", "Agreed", "every quarter", "Plan the next"):
        assert contradiction not in page
    dashboard = text_of(client.get(reverse("home")).content.decode())
    assert "Sponsor · check in once a year" in dashboard


def test_in_cultivation_the_page_follows_the_contract(client):
    mentorship = pair_in("cultivation", "monthly")
    MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(days=10))
    client.force_login(mentorship.mentor)
    page = text_of(client.get(mentorship.get_absolute_url()).content.decode())
    assert "Rhythm Meet monthly" in page
    assert "Plan the next meeting by 22 March." in page  # 19 February + 31 days
    assert "Meeting cadence Monthly Communication" in page  # the contract, nothing added
    assert set(MEET.findall(page)) == {"monthly"}


def test_the_rule_reads_the_contract_the_page_has_already_loaded(django_assert_num_queries):
    mentorship = pair_in("separation", "weekly")
    mentorship = Mentorship.objects.select_related("current_contract").get(pk=mentorship.pk)
    with django_assert_num_queries(0):
        assert str(rules.expected_rhythm(mentorship)) == "meet every two weeks"


# Nudges and flags ---------------------------------------------------------------------------


def test_a_monthly_pair_is_nudged_after_a_quiet_month_not_two_weeks(clock):
    mentorship = pair_in("cultivation", "monthly")
    Mentorship.objects.filter(pk=mentorship.pk).update(last_activity_at=NOW)
    clock.move_to(NOW + timedelta(days=20))
    assert notifications.sweep("accountability_nudge") == 0
    clock.move_to(NOW + timedelta(days=31, hours=1))
    assert notifications.sweep("accountability_nudge") == 2


def test_a_weekly_pair_in_separation_is_nudged_at_its_lower_rhythm(clock):
    mentorship = pair_in("separation", "weekly")  # every two weeks in Separation
    Mentorship.objects.filter(pk=mentorship.pk).update(last_activity_at=NOW)
    clock.move_to(NOW + timedelta(days=13))
    assert notifications.sweep("accountability_nudge") == 0
    clock.move_to(NOW + timedelta(days=14, hours=1))
    assert notifications.sweep("accountability_nudge") == 2


def test_the_check_in_comes_on_the_day_the_page_announces(client, clock):
    mentorship = pair_in("redefinition", acknowledged=True)
    services.relationship_update(
        mentorship=mentorship,
        by=mentorship.mentee,
        relationship="peers",
        checkin_rhythm="twice_a_year",
    )
    confirm_proposal(mentorship, by=mentorship.mentor)
    client.force_login(mentorship.mentee)
    page = text_of(client.get(mentorship.get_absolute_url()).content.decode())
    announced = re.search(r"Next check-in: (\d+ \w+ \d{4})\.", page).group(1)
    day = datetime.strptime(announced, "%d %B %Y").replace(tzinfo=UTC)
    assert day == NOW.replace(hour=0) + timedelta(days=182)
    clock.move_to(day - timedelta(hours=1))
    assert notifications.sweep("redefinition_checkin") == 0
    clock.move_to(day + timedelta(hours=12))
    assert notifications.sweep("redefinition_checkin") == 2
    client.force_login(mentorship.mentee)  # half a year later: a new session
    assert "Next check-in: 28 February 2028." in text_of(
        client.get(mentorship.get_absolute_url()).content.decode()
    )


def test_a_quiet_pair_in_separation_is_flagged_at_its_own_rhythm(clock):
    weekly = pair_in("separation", "weekly")  # every two weeks now: at risk after 21 days
    monthly = pair_in("separation", "monthly")  # monthly: at risk after 38 days
    Mentorship.objects.filter(pk__in=[weekly.pk, monthly.pk]).update(last_activity_at=NOW)
    clock.move_to(NOW + timedelta(days=25))
    flagged = {item.mentorship.pk: item.reason for item in program_insights().at_risk}
    assert flagged == {
        weekly.pk: "No meeting, message or post for 25 days (expected: meet every two weeks in "
        "Separation)"
    }
    clock.move_to(NOW + timedelta(days=39))
    assert monthly.pk in {item.mentorship.pk for item in program_insights().at_risk}
