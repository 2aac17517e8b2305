"""The time-zone list: canonical Area/City names, grouped; a person's alias stays valid; the
sign-up asks for it; the words for how far apart two zones are."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.forms import ProfileForm
from accounts.models import User
from menteo.timezones import canonical_timezones, grouped_timezone_choices, time_difference
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def offered(choices) -> set[str]:
    names = set()
    for value, label in choices:
        if isinstance(label, list):
            names |= {name for name, _ in label}
        else:
            names.add(value)
    return names


def test_the_list_offers_canonical_names_only():
    names = offered(grouped_timezone_choices())
    assert {"UTC", "Europe/Kyiv", "Asia/Kolkata", "America/New_York"} <= names
    assert "America/Argentina/Buenos_Aires" in names
    for alias in ["US/Eastern", "Etc/GMT+3", "GMT", "EST", "Asia/Calcutta", "Europe/Kiev"]:
        assert alias not in names, alias
    assert 350 < len(names) < 450  # not the ~600 names with aliases


def test_it_is_grouped_by_area_with_readable_cities():
    groups = dict(grouped_timezone_choices()[1:])
    assert list(groups) == sorted(groups)
    assert (
        "America/Argentina/Buenos_Aires",
        "America / Argentina / Buenos Aires",
    ) in groups["America"]
    assert ("Europe/Isle_of_Man", "Europe / Isle of Man") in groups["Europe"]


def test_a_persons_alias_stays_valid_and_first(mentee):
    mentee.timezone = "US/Eastern"
    mentee.save(update_fields=["timezone"])
    form = ProfileForm(instance=mentee)
    assert form.fields["timezone"].choices[0] == (
        "US/Eastern",
        "US/Eastern (your current setting)",
    )
    data = {"display_name": "Sam", "headline": "", "bio": "", "timezone": "US/Eastern"}
    assert ProfileForm(data, instance=mentee).is_valid()
    # Someone else cannot pick it: it is offered to its holder only.
    other = ProfileForm(data, instance=User(timezone="UTC"))
    assert not other.is_valid()
    assert "timezone" in other.errors


def test_the_profile_and_sign_up_lists_are_marked_for_the_browser_proposal(client, mentee):
    page = client.get(reverse("account_signup")).content.decode()
    assert "data-propose-timezone" in page
    assert "js/timezone.js" in page
    client.force_login(mentee)
    page = client.get(reverse("profile_edit")).content.decode()
    assert "data-propose-timezone" in page
    assert '<optgroup label="Europe">' in page


def test_sign_up_saves_the_time_zone(client):
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Riley",
            "email": "riley@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": "Asia/Kolkata",
        },
    )
    assert User.objects.get().timezone == "Asia/Kolkata"


def test_sign_up_without_javascript_stays_at_utc(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert '<option value="UTC" selected>' in page


@pytest.mark.parametrize(
    ("theirs", "yours", "words"),
    [
        ("Europe/Berlin", "Europe/Berlin", "the same time as you"),
        ("Asia/Tokyo", "Europe/London", "9 hours ahead of you"),
        ("America/New_York", "Europe/Berlin", "6 hours behind you"),
        ("Asia/Kolkata", "UTC", "5 hours 30 minutes ahead of you"),
        ("Europe/London", "Europe/Paris", "1 hour behind you"),
    ],
)
def test_time_difference_in_words(theirs, yours, words):
    assert time_difference(theirs, yours, datetime(2026, 12, 7, 12, tzinfo=UTC)) == words


def test_the_difference_follows_summer_time():
    summer = datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert time_difference("America/New_York", "Asia/Tokyo", summer) == "13 hours behind you"


def test_canonical_names_are_all_known_zones():
    import zoneinfo

    assert canonical_timezones() <= zoneinfo.available_timezones()
