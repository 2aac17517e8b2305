import pytest
from django.urls import reverse

from roadmaps.curated import CURATED_TEMPLATES, install_curated_templates
from roadmaps.models import MilestoneTemplate, RoadmapTemplate
from tests.factories import make_mentorship

pytestmark = pytest.mark.django_db


def test_the_roadmap_page_shows_the_milestones_and_the_template_picker(client):
    mentorship = make_mentorship(milestones=0)
    client.force_login(mentorship.mentee)
    response = client.get(reverse("roadmap_detail", args=[mentorship.pk]))
    assert response.status_code == 200
    assert b"Start from a curated template" in response.content


def test_the_curated_templates_ship_with_the_product():
    assert len(CURATED_TEMPLATES) >= 4
    for entry in CURATED_TEMPLATES:
        template = RoadmapTemplate.objects.get(slug=entry["slug"])
        assert 6 <= template.milestones.count() <= 10
        weeks = list(template.milestones.order_by("order").values_list("offset_weeks", flat=True))
        assert weeks == sorted(weeks), "milestones of a template follow each other in time"


def test_installing_again_never_overwrites_an_admins_edit():
    template = RoadmapTemplate.objects.get(slug="raising-a-seed-round")
    template.title = "Raising a pre-seed round"
    template.save()
    assert install_curated_templates(RoadmapTemplate, MilestoneTemplate) == 0
    template.refresh_from_db()
    assert template.title == "Raising a pre-seed round"


def test_the_library_lists_the_templates(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("roadmap_template_library"))
    assert b"Launching an MVP" in response.content
    template = RoadmapTemplate.objects.get(slug="launching-an-mvp")
    response = client.get(template.get_absolute_url())
    assert b"customer discovery interviews" in response.content


def test_an_unpublished_template_is_404_and_left_out_of_the_library(client, mentee):
    template = RoadmapTemplate.objects.first()
    client.force_login(mentee)
    assert template.title.encode() in client.get(reverse("roadmap_template_library")).content
    template.is_published = False
    template.save()
    assert client.get(template.get_absolute_url()).status_code == 404
    assert template.title.encode() not in client.get(reverse("roadmap_template_library")).content
