"""Who gets what on every meetings URL. A new URL without a row here fails this file."""

import uuid
from datetime import timedelta

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from meetings import urls as meeting_urls
from meetings.models import ActionItem, AgendaItem
from tests.factories import MeetingFactory, make_mentorship

pytestmark = pytest.mark.django_db

# name: (what the URL names, methods the view answers)
URLS = {
    "meeting_list": ("mentorship", {"GET", "POST"}),
    "meeting_detail": ("meeting", {"GET"}),
    "meeting_edit": ("meeting", {"GET", "POST"}),
    "meeting_cancel": ("meeting", {"POST"}),
    "agenda_add": ("meeting", {"POST"}),
    "agenda_remove": ("agenda item", {"POST"}),
    "meeting_notes": ("meeting", {"POST"}),
    "action_add": ("meeting", {"POST"}),
    "action_to_milestone": ("action item", {"POST"}),
    "meeting_ics": ("meeting", {"GET"}),
}


def test_every_meetings_url_has_a_row():
    names = {p.name for p in meeting_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(URLS), "add the new URL to URLS with who may see it"


@pytest.fixture
def objects():
    mentorship = make_mentorship(stage="cultivation")
    meeting = MeetingFactory(mentorship=mentorship, starts_at=timezone.now() + timedelta(days=2))
    return {
        "mentorship": mentorship,
        "meeting": meeting,
        "agenda item": AgendaItem.objects.create(
            meeting=meeting, author=mentorship.mentor, text="Hiring"
        ),
        "action item": ActionItem.objects.create(meeting=meeting, text="Draft the plan"),
    }


def url_for(name, objects, *, missing=False):
    kind = URLS[name][0]
    pick = (lambda obj: uuid.uuid4()) if missing else (lambda obj: obj.pk)
    if kind == "mentorship":
        return reverse(name, args=[pick(objects["mentorship"])])
    if kind == "meeting":
        return reverse(name, args=[pick(objects["meeting"])])
    return reverse(name, args=[pick(objects["meeting"]), objects[kind].pk])


@pytest.mark.parametrize("name", sorted(URLS))
def test_an_anonymous_visitor_is_sent_to_log_in(client, objects, name):
    for method in URLS[name][1]:
        response = getattr(client, method.lower())(url_for(name, objects))
        assert response.status_code == 302, (name, method)
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(URLS))
def test_an_outsider_gets_404_for_every_method_and_nothing_changes(client, objects, outsider, name):
    client.force_login(outsider)
    for method in URLS[name][1]:
        response = getattr(client, method.lower())(url_for(name, objects), {"text": "x"})
        assert response.status_code == 404, (name, method)
    assert AgendaItem.objects.count() == 1
    assert ActionItem.objects.get().milestone is None


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_missing_object_is_the_same_404(client, objects, name):
    client.force_login(objects["mentorship"].mentor)
    method = sorted(URLS[name][1])[0]
    response = getattr(client, method.lower())(url_for(name, objects, missing=True))
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if "GET" in row[1]))
@pytest.mark.parametrize("person", ["mentor", "mentee"])
def test_both_participants_see_every_page(client, objects, name, person):
    client.force_login(getattr(objects["mentorship"], person))
    assert client.get(url_for(name, objects)).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[1] == {"POST"}))
def test_post_only_urls_refuse_get(client, objects, name):
    client.force_login(objects["mentorship"].mentor)
    assert client.get(url_for(name, objects)).status_code == 405
