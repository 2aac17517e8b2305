"""Who gets what on every threads URL. A new URL without a row here fails this file.

(The project-wide gate in tests/test_url_gate.py holds the same rows; this file adds the
public post, the draft, and the author's rights.)
"""

import uuid

import pytest
from django.urls import URLPattern, reverse

from tests.factories import make_mentorship, make_post
from threads import urls as thread_urls

pytestmark = pytest.mark.django_db

LOGIN = "login"

# name: (target, methods, anonymous gets, outsider gets, mentor gets, mentee (author) gets)
# for the first method; "target" names what the URL points at. The post is a mentorship post.
URLS = {
    "public_feed": (None, {"GET"}, 200, 200, 200, 200),
    "public_profile": ("handle", {"GET"}, 200, 200, 200, 200),
    "public_profile_feed": ("handle", {"GET"}, 200, 200, 200, 200),
    "journal": (None, {"GET"}, LOGIN, 200, 200, 200),
    "journal_post_create": (None, {"GET", "POST"}, LOGIN, 200, 200, 200),
    "post_preview": (None, {"POST"}, LOGIN, 200, 200, 200),
    "mentorship_thread": ("mentorship", {"GET"}, LOGIN, 404, 200, 200),
    "post_create": ("mentorship", {"GET", "POST"}, LOGIN, 404, 403, 200),
    "journey_record": ("mentorship", {"GET", "POST"}, LOGIN, 404, 200, 200),
    "post_detail": ("post", {"GET"}, LOGIN, 404, 200, 200),
    "post_edit": ("post", {"GET", "POST"}, LOGIN, 404, 403, 200),
    "post_delete": ("post", {"POST"}, LOGIN, 404, 403, 302),
    "comment_create": ("post", {"POST"}, LOGIN, 404, 400, 400),  # 400: an empty comment
}


def test_every_threads_url_has_a_row():
    names = {p.name for p in thread_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(URLS), "add the new URL to URLS with who may see it"


@pytest.fixture
def objects():
    mentorship = make_mentorship(stage="separation")
    return {"mentorship": mentorship, "post": make_post(mentorship=mentorship)}


def url_for(name, objects, *, missing=False):
    target = URLS[name][0]
    if target == "handle":
        return reverse(name, args=[objects["mentorship"].mentee.username])
    if target in ("mentorship", "post"):
        return reverse(name, args=[uuid.uuid4() if missing else objects[target].pk])
    return reverse(name)


def status_of(client, method, url):
    return getattr(client, method.lower())(url).status_code


@pytest.mark.parametrize("name", sorted(URLS))
def test_an_anonymous_visitor(client, objects, name):
    expected = URLS[name][2]
    for method in URLS[name][1]:
        response = getattr(client, method.lower())(url_for(name, objects))
        if expected == LOGIN:
            assert response.status_code == 302, (name, method)
            assert response.url.startswith(reverse("account_login")), (name, method)
        else:
            assert response.status_code == expected, (name, method)


@pytest.mark.parametrize("name", sorted(URLS))
def test_an_outsider(client, objects, outsider, name):
    client.force_login(outsider)
    expected = URLS[name][3]
    for method in URLS[name][1]:
        status = status_of(client, method, url_for(name, objects))
        if expected == 404:
            assert status == 404, (name, method)
        else:
            assert status in (expected, 302, 400), (name, method, status)


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[3] == 404))
def test_a_missing_object_is_the_same_404(client, objects, outsider, name):
    method = sorted(URLS[name][1])[0]
    client.force_login(outsider)
    not_yours = client.generic(method, url_for(name, objects))
    client.force_login(objects["mentorship"].mentor)
    missing = client.generic(method, url_for(name, objects, missing=True))
    assert not_yours.status_code == missing.status_code == 404
    assert [t.name for t in not_yours.templates] == [t.name for t in missing.templates]


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("person", ["mentor", "mentee"])
def test_the_pair(client, objects, name, person):
    client.force_login(getattr(objects["mentorship"], person))
    method = sorted(URLS[name][1])[0]
    expected = URLS[name][4 if person == "mentor" else 5]
    assert status_of(client, method, url_for(name, objects)) == expected, (name, person)


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[1] == {"POST"}))
def test_post_only_urls_refuse_get(client, objects, name):
    client.force_login(objects["mentorship"].mentee)
    assert client.get(url_for(name, objects)).status_code == 405


def test_a_public_post_is_readable_by_anyone_and_a_draft_by_its_author_only(client, objects):
    public = make_post(mentorship=objects["mentorship"], visibility="public")
    draft = make_post(mentorship=objects["mentorship"], visibility="public", published=False)
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 302
    client.force_login(objects["mentorship"].mentor)
    assert client.get(draft.get_absolute_url()).status_code == 404
