"""Who gets what on every roadmaps URL. A new URL without a row here fails this file."""

import uuid

import pytest
from django.urls import URLPattern, reverse

from roadmaps import urls as roadmap_urls
from roadmaps.models import RoadmapTemplate
from tests.factories import make_mentorship

pytestmark = pytest.mark.django_db

# name: (kind of object, methods the view answers, is it private to the pair)
URLS = {
    "roadmap_template_library": (None, {"GET"}, False),
    "roadmap_template_detail": ("template", {"GET"}, False),
    "calendar_settings": (None, {"GET", "POST"}, False),
    "roadmap_detail": ("mentorship", {"GET"}, True),
    "roadmap_apply_template": ("mentorship", {"POST"}, True),
    "milestone_add": ("mentorship", {"POST"}, True),
    "milestone_edit": ("milestone", {"GET", "POST"}, True),
    "milestone_delete": ("milestone", {"GET", "POST"}, True),
    "milestone_status": ("milestone", {"POST"}, True),
    "milestone_move": ("milestone", {"POST"}, True),
}
# The calendar feed has no login (calendar apps can't log in): its secret token is the key.
PUBLIC_BY_TOKEN = {"calendar_feed"}


def test_every_roadmaps_url_has_a_row():
    names = {p.name for p in roadmap_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(URLS) | PUBLIC_BY_TOKEN, "add the new URL to URLS with who may see it"


@pytest.fixture
def mentorship():
    return make_mentorship(stage="cultivation", milestones=2)


def url_for(name, mentorship):
    kind = URLS[name][0]
    if kind == "template":
        return reverse(name, args=[RoadmapTemplate.objects.first().slug])
    if kind == "mentorship":
        return reverse(name, args=[mentorship.pk])
    if kind == "milestone":
        return reverse(name, args=[mentorship.pk, mentorship.roadmap.milestones.first().pk])
    return reverse(name)


@pytest.mark.parametrize("name", sorted(URLS))
def test_an_anonymous_visitor_is_sent_to_log_in(client, mentorship, name):
    url = url_for(name, mentorship)
    for method in URLS[name][1]:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 302, (name, method)
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[2]))
def test_an_outsider_gets_404_for_every_method(client, mentorship, outsider, name):
    client.force_login(outsider)
    url = url_for(name, mentorship)
    for method in URLS[name][1]:
        response = getattr(client, method.lower())(url, {"status": "done", "title": "x"})
        assert response.status_code == 404, (name, method)
    assert mentorship.roadmap.milestones.filter(status="done").count() == 0
    assert mentorship.roadmap.milestones.count() == 2


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[2]))
def test_a_missing_mentorship_is_the_same_404(client, mentorship, name):
    client.force_login(mentorship.mentor)
    url = url_for(name, mentorship).replace(str(mentorship.pk), str(uuid.uuid4()))
    method = sorted(URLS[name][1])[0]
    assert getattr(client, method.lower())(url).status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[0] == "milestone"))
def test_a_milestone_of_another_mentorship_is_404(client, mentorship, name):
    other = make_mentorship(mentor=mentorship.mentor)
    client.force_login(mentorship.mentor)
    foreign = other.roadmap.milestones.first()
    url = reverse(name, args=[mentorship.pk, foreign.pk])
    for method in URLS[name][1]:
        assert getattr(client, method.lower())(url, {"status": "done"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "todo"


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if "GET" in row[1]))
@pytest.mark.parametrize("person", ["mentor", "mentee"])
def test_both_participants_see_every_page(client, mentorship, name, person):
    client.force_login(getattr(mentorship, person))
    assert client.get(url_for(name, mentorship)).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n, row in URLS.items() if row[1] == {"POST"}))
def test_post_only_urls_refuse_get(client, mentorship, name):
    client.force_login(mentorship.mentor)
    assert client.get(url_for(name, mentorship)).status_code == 405


def test_an_unpublished_template_is_404(client, mentee):
    template = RoadmapTemplate.objects.first()
    template.is_published = False
    template.save()
    client.force_login(mentee)
    assert client.get(template.get_absolute_url()).status_code == 404
    assert template.title.encode() not in client.get(reverse("roadmap_template_library")).content
