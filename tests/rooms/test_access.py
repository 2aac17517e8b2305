"""Who gets what on every rooms URL. A new URL without a row here fails this file."""

import uuid

import pytest
from django.urls import URLPattern, reverse

from rooms import urls as room_urls
from tests.factories import make_mentorship, post_message

pytestmark = pytest.mark.django_db

# name: (takes a message id, methods the view answers)
URLS = {
    "room_detail": (False, {"GET"}),
    "room_poll": (False, {"GET"}),
    "room_search": (False, {"GET"}),
    "message_post": (False, {"POST"}),
    "room_mark_read": (False, {"POST"}),
    "message_edit": (True, {"GET", "POST"}),
    "message_delete": (True, {"POST"}),
}


def test_every_rooms_url_has_a_row():
    names = {p.name for p in room_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(URLS), "add the new URL to URLS with who may see it"


@pytest.fixture
def objects():
    mentorship = make_mentorship(stage="cultivation")
    message = post_message(mentorship, mentorship.mentee, "Private words")
    return {"mentorship": mentorship, "message": message}


def url_for(name, objects, mentorship_pk=None):
    args = [mentorship_pk or objects["mentorship"].pk]
    if URLS[name][0]:
        args.append(objects["message"].pk)
    return reverse(name, args=args)


def post_data():
    return {"body": "Let me in", "client_token": str(uuid.uuid4())}


@pytest.mark.parametrize("name", sorted(URLS))
def test_an_anonymous_visitor_is_sent_to_log_in(client, objects, name):
    url = url_for(name, objects)
    for method in URLS[name][1]:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 302, (name, method)
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("htmx", [False, True])
def test_an_outsider_gets_404_for_every_method(client, objects, outsider, name, htmx):
    client.force_login(outsider)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = url_for(name, objects)
    for method in URLS[name][1]:
        data = post_data() if method == "POST" else {"after": 0, "revision": 0, "q": "words"}
        response = getattr(client, method.lower())(url, data, **headers)
        assert response.status_code == 404, (name, method)
        assert b"Private words" not in response.content
    assert objects["message"].__class__.objects.count() == 1


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_missing_room_is_the_same_404(client, objects, name):
    client.force_login(objects["mentorship"].mentee)
    url = url_for(name, objects, mentorship_pk=uuid.uuid4())
    method = sorted(URLS[name][1])[0]
    assert getattr(client, method.lower())(url).status_code == 404


def test_a_message_id_from_another_room_is_404(client, objects):
    own = make_mentorship(mentee=objects["mentorship"].mentor, stage="cultivation")
    client.force_login(own.mentee)
    for name in ("message_edit", "message_delete"):
        url = reverse(name, args=[own.pk, objects["message"].pk])
        assert client.post(url, {"body": "x"}).status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if "GET" in row[1]))
def test_the_author_sees_every_page(client, objects, name):
    client.force_login(objects["mentorship"].mentee)
    assert client.get(url_for(name, objects)).status_code in (200, 204)


@pytest.mark.parametrize("name", ["room_detail", "room_poll", "room_search"])
def test_the_other_participant_sees_the_room_pages(client, objects, name):
    client.force_login(objects["mentorship"].mentor)
    assert client.get(url_for(name, objects)).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[1] == {"POST"}))
def test_post_only_urls_refuse_get(client, objects, name):
    client.force_login(objects["mentorship"].mentee)
    assert client.get(url_for(name, objects)).status_code == 405
