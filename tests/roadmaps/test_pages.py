import pytest
from django.urls import reverse

from roadmaps.models import RoadmapTemplate
from tests.factories import make_mentorship

pytestmark = pytest.mark.django_db


def test_the_roadmap_page_shows_the_milestones_and_the_template_picker(client):
    mentorship = make_mentorship(milestones=0)
    client.force_login(mentorship.mentee)
    response = client.get(reverse("roadmap_detail", args=[mentorship.pk]))
    assert response.status_code == 200
    assert b"Start from a curated template" in response.content


def test_the_curated_templates_ship_with_the_product():
    templates = RoadmapTemplate.objects.all()
    assert templates.count() >= 4
    for template in templates:
        assert 6 <= template.milestones.count() <= 10


def test_the_library_lists_the_templates(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("roadmap_template_library"))
    assert b"Launching an MVP" in response.content
    template = RoadmapTemplate.objects.get(slug="launching-an-mvp")
    response = client.get(template.get_absolute_url())
    assert b"customer discovery interviews" in response.content
