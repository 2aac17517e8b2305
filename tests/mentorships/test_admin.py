import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import MentorshipRequestFactory, UserFactory, make_mentorship

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_model_has_a_working_changelist_and_change_page(staff_client):
    mentorship = make_mentorship(stage="separation", acknowledged=True)
    MentorshipRequestFactory()
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert staff_client.get(url).status_code == 200, url
        first = model.objects.first()
        if first is not None:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert staff_client.get(url).status_code == 200, url
    response = staff_client.get(
        reverse("admin:mentorships_mentorship_changelist"), {"stage__exact": "separation"}
    )
    assert mentorship.focus in response.content.decode()


def test_the_transition_history_cannot_be_edited_in_admin(staff_client):
    mentorship = make_mentorship()
    transition = mentorship.transitions.first()
    url = reverse("admin:mentorships_stagetransition_change", args=[transition.pk])
    response = staff_client.post(url, {"note": "rewritten"})
    assert response.status_code == 403
    transition.refresh_from_db()
    assert transition.note != "rewritten"


def test_mentorships_are_not_added_in_admin(staff_client):
    from django.urls import reverse

    assert staff_client.get(reverse("admin:mentorships_mentorship_add")).status_code == 403
