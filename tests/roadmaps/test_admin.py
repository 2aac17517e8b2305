import pytest
from django.urls import reverse

from roadmaps.models import RoadmapTemplate
from tests.factories import UserFactory, make_mentorship

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_roadmaps_admin_page_opens(admin_client):
    mentorship = make_mentorship(stage="cultivation", milestones=3)
    template = RoadmapTemplate.objects.first()
    for model in ["roadmaptemplate", "roadmap", "milestone", "calendarfeed"]:
        assert admin_client.get(reverse(f"admin:roadmaps_{model}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:roadmaps_{model}_add")).status_code == 200
    pages = [
        reverse("admin:roadmaps_roadmaptemplate_change", args=[template.pk]),
        reverse("admin:roadmaps_roadmap_change", args=[mentorship.roadmap.pk]),
    ]
    for url in pages:
        assert admin_client.get(url).status_code == 200


def test_an_admin_reorders_template_milestones_in_the_inline(admin_client):
    template = RoadmapTemplate.objects.get(slug="launching-an-mvp")
    steps = list(template.milestones.order_by("order"))
    data = {
        "title": template.title,
        "slug": template.slug,
        "summary": template.summary,
        "focus_area": template.focus_area,
        "is_published": "on",
        "milestones-TOTAL_FORMS": str(len(steps)),
        "milestones-INITIAL_FORMS": str(len(steps)),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate(steps):
        data |= {
            f"milestones-{index}-id": step.pk,
            f"milestones-{index}-template": template.pk,
            f"milestones-{index}-order": len(steps) - index,  # reverse the order
            f"milestones-{index}-title": step.title,
            f"milestones-{index}-offset_weeks": step.offset_weeks,
            f"milestones-{index}-description": step.description,
        }
    url = reverse("admin:roadmaps_roadmaptemplate_change", args=[template.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert template.milestones.order_by("order").first().pk == steps[-1].pk
