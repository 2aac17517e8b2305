import pytest

from menteo.errors import Conflict, NotAllowed
from mentorships import services
from mentorships.events import RequestDeclined, RequestWithdrawn
from mentorships.models import Mentorship, MentorshipRequest, Stage
from tests.factories import MentorProfileFactory, MentorshipRequestFactory, make_mentorship

pytestmark = pytest.mark.django_db


def ask(mentee, mentor):
    return services.request_create(
        mentee=mentee,
        mentor=mentor,
        focus_area="promotion",
        focus="Staff engineer",
        message="Hello",
    )


@pytest.fixture
def mentor_profile(mentor):
    return MentorProfileFactory(user=mentor, capacity=2)


def test_a_mentee_requests_a_mentor(mentee, mentor_profile):
    request = ask(mentee, mentor_profile.user)
    assert (request.status, request.focus, request.mentee) == ("pending", "Staff engineer", mentee)


def test_it_refuses_a_request_to_yourself(mentor_profile):
    with pytest.raises(Conflict, match="You can't request yourself as a mentor."):
        ask(mentor_profile.user, mentor_profile.user)


def test_it_refuses_someone_who_is_not_a_mentor(mentee, outsider):
    with pytest.raises(Conflict, match="is not a mentor on Menteo"):
        ask(mentee, outsider)


def test_it_refuses_a_mentor_who_is_not_accepting(mentee, mentor_profile):
    mentor_profile.is_accepting = False
    mentor_profile.save()
    with pytest.raises(Conflict, match="not accepting new requests"):
        ask(mentee, mentor_profile.user)


def test_it_refuses_a_mentor_at_capacity(mentee, mentor_profile):
    make_mentorship(mentor=mentor_profile.user, stage="cultivation")
    make_mentorship(mentor=mentor_profile.user, stage="separation")
    with pytest.raises(Conflict, match="is at capacity"):
        ask(mentee, mentor_profile.user)


def test_ended_and_redefined_mentorships_free_a_place(mentee, mentor_profile):
    make_mentorship(mentor=mentor_profile.user, stage="redefinition")
    make_mentorship(mentor=mentor_profile.user, stage="cultivation", ended=True)
    make_mentorship(mentor=mentor_profile.user, stage="initiation")
    assert ask(mentee, mentor_profile.user).is_pending


def test_it_refuses_a_second_pending_request_to_the_same_mentor(mentee, mentor_profile):
    ask(mentee, mentor_profile.user)
    with pytest.raises(Conflict, match="already have a pending request"):
        ask(mentee, mentor_profile.user)
    assert MentorshipRequest.objects.count() == 1


def test_the_database_also_refuses_a_duplicate_pending_request(mentee, mentor_profile):
    from django.db import IntegrityError, transaction

    ask(mentee, mentor_profile.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipRequest.objects.create(
            mentee=mentee, mentor=mentor_profile.user, focus_area="skill", focus="x", message="y"
        )


def test_it_refuses_a_request_while_a_mentorship_runs(mentee, mentor_profile):
    make_mentorship(mentor=mentor_profile.user, mentee=mentee)
    with pytest.raises(Conflict, match="already have a mentorship with"):
        ask(mentee, mentor_profile.user)


def test_accepting_starts_the_mentorship_in_initiation(mentee, mentor_profile):
    request = ask(mentee, mentor_profile.user)
    mentorship = services.request_accept(request_id=request.pk, by=mentor_profile.user)
    request.refresh_from_db()
    assert (request.status, request.mentorship) == ("accepted", mentorship)
    assert (mentorship.mentor, mentorship.mentee, mentorship.stage) == (
        mentor_profile.user,
        mentee,
        Stage.INITIATION,
    )
    assert mentorship.focus == "Staff engineer"
    assert mentorship.current_contract.version == 1
    assert mentorship.roadmap is not None
    assert mentorship.transitions.get().to_stage == "initiation"


def test_only_the_mentor_answers_a_request(mentee, mentor_profile):
    request = ask(mentee, mentor_profile.user)
    with pytest.raises(NotAllowed):
        services.request_accept(request_id=request.pk, by=mentee)
    with pytest.raises(NotAllowed):
        services.request_withdraw(request_id=request.pk, by=mentor_profile.user)


def test_a_request_is_answered_once(mentee, mentor_profile, announced):
    request = ask(mentee, mentor_profile.user)
    services.request_decline(request_id=request.pk, by=mentor_profile.user, reason="Full year")
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "Full year")
    assert announced[-1] == RequestDeclined(actor_id=mentor_profile.user.pk, request_id=request.pk)
    with pytest.raises(Conflict, match="already declined"):
        services.request_accept(request_id=request.pk, by=mentor_profile.user)
    assert not Mentorship.objects.exists()


def test_the_mentee_withdraws_a_pending_request(mentee, mentor_profile, announced):
    request = ask(mentee, mentor_profile.user)
    services.request_withdraw(request_id=request.pk, by=mentee)
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert announced[-1] == RequestWithdrawn(actor_id=mentee.pk, request_id=request.pk)
    assert ask(mentee, mentor_profile.user).is_pending  # may ask again later


def test_accepting_beyond_capacity_is_refused():
    mentor = MentorProfileFactory(capacity=1).user
    first, second = MentorshipRequestFactory(mentor=mentor), MentorshipRequestFactory(mentor=mentor)
    services.request_accept(request_id=first.pk, by=mentor)
    with pytest.raises(Conflict, match="You are at capacity"):
        services.request_accept(request_id=second.pk, by=mentor)
    second.refresh_from_db()
    assert second.is_pending
