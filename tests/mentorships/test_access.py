"""Who gets what on every mentorships URL. A new URL without a row here fails this file."""

import pytest
from django.urls import URLPattern, reverse

from mentorships import urls as mentorship_urls
from tests.factories import MentorProfileFactory, MentorshipRequestFactory, make_mentorship

pytestmark = pytest.mark.django_db

# name: (kind of object, methods the view answers, is it private to the pair)
URLS = {
    "mentor_directory": (None, {"GET"}, False),
    "mentor_profile": ("mentor", {"GET", "POST"}, False),
    "mentor_profile_edit": (None, {"GET", "POST"}, False),
    "request_detail": ("request", {"GET"}, True),
    "request_accept": ("request", {"POST"}, True),
    "request_decline": ("request", {"POST"}, True),
    "request_withdraw": ("request", {"POST"}, True),
    "mentorship_detail": ("mentorship", {"GET"}, True),
    "mentorship_transition": ("mentorship", {"POST"}, True),
    "mentorship_end": ("mentorship", {"GET", "POST"}, True),
    "contract_edit": ("mentorship", {"GET", "POST"}, True),
    "contract_agree": ("mentorship", {"POST"}, True),
    "contract_version": ("contract", {"GET"}, True),
    "goal_status": ("goal", {"POST"}, True),
    "separation_review": ("mentorship", {"GET", "POST"}, True),
    "mentorship_pause": ("mentorship", {"GET", "POST"}, True),
    "mentorship_resume": ("mentorship", {"POST"}, True),
    "relationship_edit": ("mentorship", {"POST"}, True),
    "exit_feedback": ("mentorship", {"GET", "POST"}, True),
}


def test_every_mentorships_url_has_a_row():
    names = {p.name for p in mentorship_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(URLS), "add the new URL to URLS with who may see it"


@pytest.fixture
def objects():
    mentorship = make_mentorship(stage="separation")
    request = MentorshipRequestFactory(mentor=mentorship.mentor)
    return {
        "mentorship": mentorship,
        "request": request,
    }


def url_for(name, objects):
    kind = URLS[name][0]
    mentorship = objects["mentorship"]
    if kind == "mentor":
        return reverse(name, args=[mentorship.mentor.username])
    if kind == "request":
        return reverse(name, args=[objects["request"].pk])
    if kind == "mentorship":
        return reverse(name, args=[mentorship.pk])
    if kind == "contract":
        return reverse(name, args=[mentorship.pk, 1, 1])
    if kind == "goal":
        return reverse(name, args=[mentorship.pk, mentorship.goals.first().pk])
    return reverse(name)


@pytest.mark.parametrize("name", sorted(URLS))
def test_an_anonymous_visitor_is_sent_to_log_in(client, objects, name):
    url = url_for(name, objects)
    for method in URLS[name][1]:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 302, (name, method)
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[2]))
def test_an_outsider_gets_404_for_every_method(client, objects, outsider, name):
    client.force_login(outsider)
    url = url_for(name, objects)
    for method in URLS[name][1]:
        assert getattr(client, method.lower())(url).status_code == 404, (name, method)


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[2]))
def test_a_missing_object_is_the_same_404(client, objects, name):
    import uuid

    client.force_login(objects["mentorship"].mentor)
    url = url_for(name, objects)
    for known in (str(objects["mentorship"].pk), str(objects["request"].pk)):
        url = url.replace(known, str(uuid.uuid4()))
    method = sorted(URLS[name][1])[0]
    assert getattr(client, method.lower())(url).status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[2] and "GET" in row[1]))
@pytest.mark.parametrize("person", ["mentor", "mentee"])
def test_both_participants_see_every_page(client, objects, name, person):
    client.force_login(getattr(objects["mentorship"], person))
    if URLS[name][0] == "request":
        client.force_login(getattr(objects["request"], person))
    assert client.get(url_for(name, objects)).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[1] == {"POST"}))
def test_post_only_urls_refuse_get(client, objects, name):
    client.force_login(objects["mentorship"].mentor)
    if URLS[name][0] == "request":
        client.force_login(objects["request"].mentor)
    assert client.get(url_for(name, objects)).status_code == 405


def test_the_mentee_cannot_accept_their_own_request(client):
    request = MentorshipRequestFactory()
    client.force_login(request.mentee)
    response = client.post(reverse("request_accept", args=[request.pk]))
    assert response.status_code == 403
    assert b"Only the mentor of this request can do that." in response.content
    request.refresh_from_db()
    assert request.is_pending


def test_the_mentor_cannot_withdraw_the_mentees_request(client):
    request = MentorshipRequestFactory()
    client.force_login(request.mentor)
    assert client.post(reverse("request_withdraw", args=[request.pk])).status_code == 403


def test_a_mentor_page_needs_a_mentor_profile(client, mentee, outsider):
    client.force_login(mentee)
    assert client.get(reverse("mentor_profile", args=[outsider.username])).status_code == 404
    MentorProfileFactory(user=outsider)
    assert client.get(reverse("mentor_profile", args=[outsider.username])).status_code == 200
