"""The journey record: contract, goals with acknowledgements, milestones, transitions and the
posts the mentee chose, from Separation on."""

import pytest
from django.urls import reverse

from roadmaps.models import Milestone
from tests.factories import make_mentorship, make_post
from threads.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentorship(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="redefinition")
    Milestone.objects.filter(roadmap=mentorship.roadmap).update(title="Lead the Q3 migration")
    return mentorship


def test_the_record_holds_the_whole_journey(client, mentorship):
    chosen = make_post(mentorship=mentorship, title="Chosen entry", in_journey_record=True)
    make_post(mentorship=mentorship, title="Left out entry")
    client.force_login(mentorship.mentor)
    response = client.get(reverse("journey_record", args=[mentorship.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    contract = mentorship.current_contract
    assert contract.ground_rules in html
    assert contract.review_date.strftime("%-d %B %Y") in html
    for goal in mentorship.goals.all():
        assert goal.title in html
    assert "Clearly reached." in html  # the acknowledgements
    assert "Lead the Q3 migration" in html
    assert "Separation → Redefinition" in html
    assert chosen.title in html
    assert "Left out entry" not in html
    assert "Choose the posts for the record" not in html  # the mentor does not choose


def test_the_mentee_chooses_the_posts(client, mentorship):
    first = make_post(mentorship=mentorship, title="First")
    second = make_post(mentorship=mentorship, title="Second", in_journey_record=True)
    draft = make_post(mentorship=mentorship, title="Draft", published=False)
    client.force_login(mentorship.mentee)
    url = reverse("journey_record", args=[mentorship.pk])
    response = client.post(url, {"posts": [first.pk]})
    assert response.status_code == 302
    assert set(Post.objects.filter(in_journey_record=True)) == {first}
    assert client.post(url, {"posts": [draft.pk]}).status_code == 400
    assert not Post.objects.get(pk=draft.pk).in_journey_record
    second.refresh_from_db()
    assert not second.in_journey_record


def test_the_mentor_cannot_choose(client, mentorship):
    post = make_post(mentorship=mentorship)
    client.force_login(mentorship.mentor)
    url = reverse("journey_record", args=[mentorship.pk])
    assert client.post(url, {"posts": [post.pk]}).status_code == 403
    post.refresh_from_db()
    assert not post.in_journey_record


def test_the_record_opens_in_separation(client, mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    client.force_login(mentee)
    response = client.get(reverse("journey_record", args=[mentorship.pk]))
    assert response.status_code == 302
    assert response.url == mentorship.get_absolute_url()


def test_the_record_is_printable(client, mentorship):
    client.force_login(mentorship.mentee)
    html = client.get(reverse("journey_record", args=[mentorship.pk])).content.decode()
    assert 'class="card no-print"' in html  # the choice form does not print


@pytest.mark.parametrize("count", [5, 60])
def test_the_record_query_count_does_not_grow(client, mentorship, count, django_assert_num_queries):
    for index in range(count):
        make_post(mentorship=mentorship, title=f"Entry {index}", in_journey_record=True)
    client.force_login(mentorship.mentor)
    client.get(reverse("home"))
    # session, user, mentorship, unread notifications, goals, acknowledgements, milestones,
    # transitions, posts
    with django_assert_num_queries(9):
        client.get(reverse("journey_record", args=[mentorship.pk]))
