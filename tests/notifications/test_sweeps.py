import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorships import services as mentorship_services
from notifications import services
from notifications.models import EmailOptOut, Notification
from notifications.services import outbox, sweeps
from tests.factories import MeetingFactory, UserFactory, make_mentorship

pytestmark = pytest.mark.django_db

START = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)  # a Monday, winter: London is UTC+0


def at(when):
    return time_machine.travel(when, tick=False)


def sweep_and_deliver(kind):
    services.sweep(kind)
    services.deliver_pending()


def emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def pair():
    mentor = UserFactory(timezone="Europe/London", display_name="Maya")
    mentee = UserFactory(timezone="Asia/Tokyo", display_name="Sam")  # UTC+9
    return mentor, mentee


def mentorship_with_review(pair, stage, review_date):
    with at(START):
        mentorship = make_mentorship(mentor=pair[0], mentee=pair[1], stage=stage)
        contract = mentorship.current_contract
        contract.review_date = review_date
        contract.save()
    return mentorship


# Review-date reminders ------------------------------------------------------------------------


def test_review_reminders_go_out_7_and_1_days_before_in_each_persons_morning(pair):
    mentor, mentee = pair
    review = datetime(2027, 3, 20).date()
    mentorship = mentorship_with_review(pair, "cultivation", review)
    kind = "review_reminder"

    with at(datetime(2027, 3, 12, 23, 0, tzinfo=UTC)):  # 8 days before, Tokyo 08:00 on the 13th
        sweep_and_deliver(kind)
    assert [m.subject for m in emails_to(mentee)] == ["Your review with Maya is in 7 days"]
    assert emails_to(mentor) == []

    with at(datetime(2027, 3, 13, 7, 59, tzinfo=UTC)):  # London 07:59: not yet
        sweep_and_deliver(kind)
    assert emails_to(mentor) == []
    with at(datetime(2027, 3, 13, 8, 0, tzinfo=UTC)):  # London 08:00
        sweep_and_deliver(kind)
        sweep_and_deliver(kind)  # the beat fired twice
    assert [m.subject for m in emails_to(mentor)] == ["Your review with Sam is in 7 days"]
    assert len(emails_to(mentee)) == 1

    with at(datetime(2027, 3, 19, 9, 0, tzinfo=UTC)):
        sweep_and_deliver(kind)
    assert [m.subject for m in emails_to(mentor)][-1] == "Your review with Sam is tomorrow"
    assert [m.subject for m in emails_to(mentee)][-1] == "Your review with Maya is tomorrow"
    assert Notification.objects.filter(mentorship=mentorship, kind=kind).count() == 4
    assert len(mail.outbox) == 4


def test_a_late_sweep_sends_only_the_latest_reminder(pair):
    mentorship_with_review(pair, "initiation", datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)):  # the 7-day one was never swept
        sweep_and_deliver("review_reminder")
    assert sorted(m.subject for m in mail.outbox) == [
        "Your review with Maya is tomorrow",
        "Your review with Sam is tomorrow",
    ]


def test_no_review_reminder_after_cultivation_or_for_an_ended_mentorship(pair):
    review = datetime(2027, 3, 20).date()
    mentorship_with_review(pair, "separation", review)
    ended = mentorship_with_review(pair, "cultivation", review)
    with at(START):
        mentorship_services.mentorship_end(mentorship=ended, by=ended.mentee, reason="Moved on")
    Notification.objects.all().delete()  # the ending's own notices are not what this is about
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)):
        sweep_and_deliver("review_reminder")
    assert mail.outbox == []


def test_nobody_who_unsubscribed_gets_the_email(pair):
    mentor, mentee = pair
    EmailOptOut.objects.create(user=mentee, kind="review_reminder")
    mentorship_with_review(pair, "cultivation", datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)):
        sweep_and_deliver("review_reminder")
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    skipped = Notification.objects.get(recipient=mentee)
    assert skipped.status == Notification.Status.SKIPPED  # still in the app, not emailed


# Nudges ---------------------------------------------------------------------------------------


def test_the_initiation_nudge_comes_at_30_60_and_90_days_once_each(pair):
    with at(START):
        mentorship = make_mentorship(mentor=pair[0], mentee=pair[1], stage="initiation")
    sent = []
    for days in (29, 30, 31, 59, 60, 90, 91, 120):
        with at(START + timedelta(days=days, hours=1)):
            sweep_and_deliver("initiation_nudge")
        sent.append(len(mail.outbox))
    assert sent == [0, 2, 2, 2, 4, 6, 6, 6]
    assert "30 days in Initiation" in mail.outbox[0].subject
    assert mentorship.focus in mail.outbox[0].body


def test_the_initiation_nudge_stops_once_cultivation_starts(pair):
    with at(START):
        mentorship = make_mentorship(mentor=pair[0], mentee=pair[1], stage="cultivation")
    with at(START + timedelta(days=40)):
        sweep_and_deliver("initiation_nudge")
    assert mail.outbox == []
    assert mentorship.stage == "cultivation"


def test_ready_for_separation_is_sent_once_when_every_goal_is_achieved(pair):
    with at(START):
        mentorship = make_mentorship(mentor=pair[0], mentee=pair[1], stage="cultivation")
        sweep_and_deliver("separation_ready")
        assert mail.outbox == []
        for goal in mentorship.goals.all():
            mentorship_services.goal_set_status(
                mentorship=mentorship,
                goal_id=goal.pk,
                by=mentorship.mentee,
                achieved=True,
                evidence="Done",
            )
        sweep_and_deliver("separation_ready")
        sweep_and_deliver("separation_ready")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pair[0].email, pair[1].email])
    assert "ready for Separation" in mail.outbox[0].subject


def test_the_accountability_nudge_comes_after_two_quiet_weeks_once_per_spell(pair):
    with at(START):
        mentorship = make_mentorship(mentor=pair[0], mentee=pair[1], stage="cultivation")
    counts = []
    for days in (13, 14, 15, 20):
        with at(START + timedelta(days=days, hours=1)):
            sweep_and_deliver("accountability_nudge")
        counts.append(len(mail.outbox))
    assert counts == [0, 2, 2, 2]
    assert mail.outbox[0].subject.startswith("It has been quiet with")
    # A meeting starts a new spell: the next nudge comes two weeks after it, once.
    MeetingFactory(mentorship=mentorship, starts_at=START + timedelta(days=21))
    for days in (30, 34, 35, 36):
        with at(START + timedelta(days=days, hours=1)):
            sweep_and_deliver("accountability_nudge")
        counts.append(len(mail.outbox))
    assert counts[4:] == [2, 2, 4, 4]


def test_the_accountability_nudge_backs_off_in_separation_and_stops_after(pair):
    with at(START):
        separating = make_mentorship(mentor=pair[0], mentee=pair[1], stage="separation")
        make_mentorship(mentor=pair[0], mentee=pair[1], stage="redefinition")
        paused = make_mentorship(mentor=pair[0], mentee=pair[1], stage="cultivation")
        mentorship_services.mentorship_pause(mentorship=paused, by=paused.mentee, reason="Leave")
    Notification.objects.all().delete()  # the pause's own notice is not what this is about
    counts = []
    # The contract says every two weeks: Separation's rhythm is monthly (rules.stage_rhythm).
    for days in (14, 30, 31, 60):
        with at(START + timedelta(days=days, hours=1)):
            sweep_and_deliver("accountability_nudge")
        counts.append(len(mail.outbox))
    assert counts == [0, 0, 2, 2]
    assert {m.to[0] for m in mail.outbox} == {pair[0].email, pair[1].email}
    assert separating.focus in mail.outbox[0].body


def test_the_redefinition_check_in_comes_every_90_days(pair):
    with at(START):
        make_mentorship(mentor=pair[0], mentee=pair[1], stage="redefinition")
    counts = []
    for days in (89, 90, 100, 180, 181):
        with at(START + timedelta(days=days, hours=1)):
            sweep_and_deliver("redefinition_checkin")
        counts.append(len(mail.outbox))
    assert counts == [0, 2, 2, 4, 4]


# Delivery ---------------------------------------------------------------------------------------


def test_a_failed_smtp_send_is_retried_and_sent_exactly_once(pair, monkeypatch):
    mentorship_with_review(pair, "cultivation", datetime(2027, 3, 20).date())
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise ConnectionRefusedError("SMTP server down")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    now = datetime(2027, 3, 19, 12, 0, tzinfo=UTC)
    with at(now):
        services.sweep("review_reminder")
        assert services.deliver_pending() == 0
    assert mail.outbox == []
    assert set(Notification.objects.values_list("status", "attempts")) == {("pending", 1)}
    with at(now + timedelta(seconds=30)):  # still backing off: nothing is retried yet
        assert services.deliver_pending() == 0
    with at(now + timedelta(minutes=3)):
        assert services.deliver_pending() == 2
        assert services.deliver_pending() == 0
    assert len(mail.outbox) == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_send_that_keeps_failing_ends_as_failed_and_can_be_resent(pair, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    mentorship_with_review(pair, "cultivation", datetime(2027, 3, 20).date())
    monkeypatch.setattr(
        EmailBackend, "send_messages", lambda self, m: (_ for _ in ()).throw(OSError)
    )
    now = datetime(2027, 3, 19, 12, 0, tzinfo=UTC)
    with at(now):
        services.sweep("review_reminder")
    for hour in range(1, 12):
        with at(now + timedelta(hours=hour * 3)):
            services.deliver_pending()
    assert set(Notification.objects.values_list("status", flat=True)) == {"failed"}
    monkeypatch.undo()
    services.resend(notification_ids=list(Notification.objects.values_list("pk", flat=True)))
    assert services.deliver_pending() == 2


def test_the_email_names_the_mentorship_links_to_it_and_unsubscribes_in_one_click(pair, settings):
    settings.SITE_URL = "https://menteo.example.com"
    mentorship = mentorship_with_review(pair, "cultivation", datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)):
        sweep_and_deliver("review_reminder")
    email = emails_to(pair[1])[0]
    assert f"https://menteo.example.com/mentorships/{mentorship.pk}/" in email.body
    assert mentorship.focus in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://menteo.example.com/notifications/unsubscribe/")
    assert unsubscribe in email.body
    html = email.alternatives[0][0]
    assert "Prepare the review" in html and unsubscribe in html


# Exactly once, whoever runs it ---------------------------------------------------------------


def run_at_once(*actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_and_deliveries_send_each_reminder_once(pair):
    for _ in range(5):
        mentorship_with_review(pair, "cultivation", datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)):
        run_at_once(*[lambda: services.sweep("review_reminder")] * 2)
        run_at_once(*[services.deliver_pending] * 2)
    assert Notification.objects.count() == 10
    assert len(mail.outbox) == 10
    assert len({(m.to[0], m.body) for m in mail.outbox}) == 10


# Cost -----------------------------------------------------------------------------------------


def bulk_mentorships(mentor, mentee, count, review_date):
    from mentorships.models import Contract, Mentorship

    mentorships = Mentorship.objects.bulk_create(
        [
            Mentorship(
                mentor=mentor,
                mentee=mentee,
                focus=f"Focus {n}",
                focus_area="skill",
                stage="cultivation",
                started_at=START,
                stage_changed_at=START,
                last_activity_at=START,
            )
            for n in range(count)
        ]
    )
    contracts = Contract.objects.bulk_create(
        [Contract(mentorship=m, cycle=1, version=1, review_date=review_date) for m in mentorships]
    )
    for mentorship, contract in zip(mentorships, contracts, strict=True):
        mentorship.current_contract = contract
    Mentorship.objects.bulk_update(mentorships, ["current_contract"])


@pytest.mark.parametrize("count", [10, 1000])
def test_a_sweep_costs_the_same_queries_for_10_or_1000_due_mentorships(pair, count, monkeypatch):
    monkeypatch.setattr(sweeps, "BATCH_SIZE", 2000)
    bulk_mentorships(*pair, count, datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)), CaptureQueriesContext(connection) as ctx:
        assert services.sweep("review_reminder") == 2 * count
    # The candidates (one query, read in batches from a cursor) and one INSERT, which also
    # decides the opt-outs. (Was 6: candidate keys, the batch, opt-outs, the insert in a
    # savepoint; fewer round trips are the point of the change.)
    assert len(ctx.captured_queries) == 2
    assert Notification.objects.count() == 2 * count


def _due_review(pair):
    mentorship_with_review(pair, "cultivation", datetime(2027, 3, 20).date())
    return datetime(2027, 3, 19, 12, 0, tzinfo=UTC)


def _due_initiation(pair):
    with at(START):
        make_mentorship(mentor=pair[0], mentee=pair[1], stage="initiation")
    return START + timedelta(days=30, hours=1)


def _due_separation(pair):
    with at(START):
        make_mentorship(mentor=pair[0], mentee=pair[1], stage="cultivation", achieved=True)
    return START + timedelta(hours=1)


def _due_accountability(pair):
    with at(START):
        make_mentorship(mentor=pair[0], mentee=pair[1], stage="cultivation")
    return START + timedelta(days=14, hours=1)


def _due_checkin(pair):
    with at(START):
        make_mentorship(mentor=pair[0], mentee=pair[1], stage="redefinition")
    return START + timedelta(days=90, hours=1)


EVERY_SWEEP = {
    "review_reminder": _due_review,
    "initiation_nudge": _due_initiation,
    "separation_ready": _due_separation,
    "accountability_nudge": _due_accountability,
    "redefinition_checkin": _due_checkin,
}


@pytest.mark.parametrize("kind", EVERY_SWEEP)
def test_every_sweep_reads_its_candidates_once_and_writes_in_one_statement(pair, kind):
    # Three due pairs, two queries (the candidates, the INSERT): no occasion reads a column
    # the sweep did not fetch (services.CANDIDATE_FIELDS), which would cost one query per pair.
    # The accountability sweep first moves pairs whose planned meeting has started (one UPDATE).
    for _ in range(3):
        now = EVERY_SWEEP[kind](pair)
    with at(now), CaptureQueriesContext(connection) as ctx:
        assert services.sweep(kind) == 6
    assert len(ctx.captured_queries) == (3 if kind == "accountability_nudge" else 2)
    assert Notification.objects.filter(kind=kind).count() == 6


@pytest.mark.parametrize("kind", EVERY_SWEEP)
def test_a_second_sweep_finds_the_same_occasions_due_and_records_nothing_new(pair, kind):
    now = EVERY_SWEEP[kind](pair)
    with at(now):
        assert services.sweep(kind) == 2
        first = list(Notification.objects.order_by("pk").values())
    with at(now + timedelta(minutes=5)):
        assert services.sweep(kind) == 2  # still due, already recorded
    assert list(Notification.objects.order_by("pk").values()) == first
    # The rows are those the model would write: its defaults, the sweep's time.
    for row in first:
        assert row["status"] == Notification.Status.PENDING
        assert (row["attempts"], row["last_error"], row["created_at"]) == (0, "", now)
        assert row["next_attempt_at"] is row["sent_at"] is row["read_at"] is None


def test_the_sweep_reads_its_candidates_in_batches_and_records_them_all(pair, monkeypatch):
    monkeypatch.setattr(sweeps, "BATCH_SIZE", 3)
    bulk_mentorships(*pair, 10, datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)), CaptureQueriesContext(connection) as ctx:
        assert services.sweep("review_reminder") == 20
    assert len(ctx.captured_queries) == 1 + 4  # the candidates, an INSERT per batch
    assert Notification.objects.count() == 20


def test_an_opt_out_of_another_kind_does_not_skip_the_row(pair):
    mentor, mentee = pair
    EmailOptOut.objects.create(user=mentee, kind="initiation_nudge")
    mentorship_with_review(pair, "cultivation", datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)):
        sweep_and_deliver("review_reminder")
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])


def test_a_sweep_queues_the_delivery_once_after_the_commit(
    pair, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(sweeps, "BATCH_SIZE", 3)
    bulk_mentorships(*pair, 10, datetime(2027, 3, 20).date())
    with at(datetime(2027, 3, 19, 12, 0, tzinfo=UTC)):
        with django_capture_on_commit_callbacks() as callbacks:
            services.sweep("review_reminder")
        assert callbacks == [outbox.deliver_soon]
        with django_capture_on_commit_callbacks() as callbacks:
            services.sweep("initiation_nudge")  # nothing due: nothing to deliver
        assert callbacks == []


def test_ready_for_separation_needs_goals_of_this_cycle_all_achieved(pair):
    from mentorships.models import Goal

    with at(START):
        earlier_cycle = make_mentorship(
            mentor=pair[0], mentee=pair[1], stage="cultivation", achieved=True
        )
        one_open = make_mentorship(mentor=pair[0], mentee=pair[1], stage="cultivation")
        achieved = make_mentorship(
            mentor=pair[0], mentee=pair[1], stage="cultivation", achieved=True
        )
    Goal.objects.filter(mentorship=earlier_cycle).update(cycle=earlier_cycle.cycle - 1)
    Goal.objects.filter(mentorship=one_open).exclude(pk=one_open.goals.first().pk).update(
        status=Goal.Status.ACHIEVED
    )
    with at(START + timedelta(hours=1)):
        assert services.sweep("separation_ready") == 2
    assert set(Notification.objects.values_list("mentorship", flat=True)) == {achieved.pk}


# Helpers of the sweeps ------------------------------------------------------------------------


def test_the_paths_are_those_of_reverse_with_any_script_prefix(pair):
    from django.urls import reverse, set_script_prefix

    with at(START):
        mentorship = make_mentorship(mentor=pair[0], mentee=pair[1])
    try:
        for prefix in ("/", "/menteo/"):
            set_script_prefix(prefix)
            assert services.path_of("mentorship_detail", mentorship.pk) == (
                mentorship.get_absolute_url()
            )
            assert services.path_of("room_detail", mentorship.pk) == reverse(
                "room_detail", args=[mentorship.pk]
            )
        assert mentorship.get_absolute_url().startswith("/menteo/")
    finally:
        set_script_prefix("/")


def test_an_unknown_time_zone_counts_as_utc():
    person = UserFactory(timezone="Mars/Olympus_Mons")
    now = datetime(2027, 1, 4, 7, 59, tzinfo=UTC)
    assert services.local_now(person, now).utcoffset() == timedelta(0)
    assert not services.morning_reached(person, now, now.date())
    assert services.morning_reached(person, now + timedelta(minutes=1), now.date())


def test_lookups_by_person_keep_an_index_that_starts_with_the_recipient():
    # The recipient has no index of its own (it slowed the sweeps' inserts): the unique key
    # and the (recipient, read_at) index serve lookups by person.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Notification._meta.db_table)
    indexed = sorted(
        tuple(c["columns"])
        for c in constraints.values()
        if (c["index"] or c["unique"]) and c["columns"][0] == "recipient_id"
    )
    assert indexed == [("recipient_id", "kind", "occasion"), ("recipient_id", "read_at")]
