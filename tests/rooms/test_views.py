import re
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.http import base36_to_int, int_to_base36

from rooms import services
from rooms.models import Message, ReadMarker
from tests.factories import bulk_messages, make_mentorship, post_message, room_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def mentorship(mentor, mentee):
    return make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")


def room_url(mentorship, name="room_detail", *args):
    return reverse(name, args=[mentorship.pk, *args])


def cursor_of(html: str) -> str:
    return re.search(r'id="room-poll" hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")


# The room page -------------------------------------------------------------------------


def test_the_room_shows_messages_with_names_and_rendered_markdown(
    client, mentorship, mentor, mentee
):
    post_message(mentorship, mentor, "Try **one thing** this week: <script>x</script>")
    post_message(mentorship, mentee, "Will do")
    client.force_login(mentee)
    response = client.get(room_url(mentorship))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Room with Maya Mentor" in html
    assert "<strong>one thing</strong>" in html
    assert "<script>x" not in html and "&lt;script&gt;" in html
    assert 'class="message is-mine"' in html  # the mentee's own message is styled apart
    assert "Today" in html  # a day separator
    assert 'name="client_token"' in html


def test_the_room_shows_the_new_line_and_a_post_marks_it_read(client, mentorship, mentor, mentee):
    post_message(mentorship, mentee, "Question")
    answer = post_message(mentorship, mentor, "Answer")
    client.force_login(mentee)
    html = client.get(room_url(mentorship)).content.decode()
    assert html.index('id="unread"') < html.index(f'id="message-{answer.pk}"')
    assert 'hx-trigger="load"' in html and f'name="message_id" value="{answer.pk}"' in html
    assert ReadMarker.objects.get(user=mentee).last_read_message_id < answer.pk  # GET: no write

    response = client.post(room_url(mentorship, "room_mark_read"), {"message_id": answer.pk})
    assert response.status_code == 302  # the "Mark as read" button without JavaScript
    assert ReadMarker.objects.get(user=mentee).last_read_message_id == answer.pk
    html = client.get(room_url(mentorship)).content.decode()
    assert 'id="unread"' not in html and "Mark as read" not in html


def test_marking_read_with_htmx_removes_the_form_and_never_goes_past_the_room(
    client, mentorship, mentor, mentee
):
    message = post_message(mentorship, mentor, "Hello")
    client.force_login(mentee)
    url = room_url(mentorship, "room_mark_read")
    response = client.post(url, {"message_id": message.pk + 1000}, **HTMX)
    assert response.status_code == 200 and response.content == b""
    assert not ReadMarker.objects.filter(user=mentee).exists()
    client.post(url, {"message_id": message.pk}, **HTMX)
    client.post(url, {"message_id": "not-a-number"}, **HTMX)
    assert ReadMarker.objects.get(user=mentee).last_read_message_id == message.pk


def test_the_latest_fifty_and_earlier_ones_by_cursor(client, mentorship, mentee):
    bulk_messages(mentorship, 120)
    client.force_login(mentee)
    response = client.get(room_url(mentorship))
    page = response.context["page"]
    assert len(page.messages) == 50 and page.has_earlier
    assert page.messages[-1].body == "Message number 119"
    assert "Load earlier messages" in response.content.decode()

    seen = [m.pk for m in page.messages]
    before = page.earliest_id
    post_message(mentorship, mentee, "Arrives while reading history")  # must not shift pages
    while before:
        response = client.get(room_url(mentorship), {"before": before}, **HTMX)
        older = response.context["page"]
        assert "<h1>" not in response.content.decode()  # the partial only
        seen = [m.pk for m in older.messages] + seen
        before = older.earliest_id if older.has_earlier else None
    all_ids = list(
        Message.objects.filter(body__startswith="Message number").values_list("pk", flat=True)
    )
    assert seen == all_ids  # no gap, no duplicate
    assert "This is the start of your conversation." in response.content.decode()


def test_earlier_messages_without_javascript_are_a_full_page(client, mentorship, mentee):
    bulk_messages(mentorship, 60)
    client.force_login(mentee)
    first_page = client.get(room_url(mentorship)).context["page"]
    response = client.get(room_url(mentorship), {"before": first_page.earliest_id})
    assert "<h1>" in response.content.decode()
    assert "Back to the latest messages" in response.content.decode()
    assert len(response.context["page"].messages) == 10


@pytest.mark.parametrize("count", [10, 5000])
def test_the_room_page_query_count_does_not_grow(
    client, mentorship, mentee, count, django_assert_num_queries
):
    bulk_messages(mentorship, count)
    client.force_login(mentee)
    client.get(reverse("home"))  # the first request after log-in records the session
    ReadMarker.objects.update_or_create(
        room=room_of(mentorship), user=mentee, defaults={"last_read_message_id": 0}
    )
    # session, user, room with mentorship and read marker, messages, unread notifications
    with django_assert_num_queries(5):
        response = client.get(room_url(mentorship))
    assert len(response.context["page"].messages) == min(count, 50)


# Posting -------------------------------------------------------------------------------


def test_posting_without_javascript_redirects_back_to_the_room(client, mentorship, mentee):
    client.force_login(mentee)
    token = str(uuid.uuid4())
    response = client.post(
        room_url(mentorship, "message_post"), {"body": "Hello", "client_token": token}
    )
    message = Message.objects.get()
    assert response.status_code == 302
    assert response.url == room_url(mentorship) + f"#message-{message.pk}"
    assert "Hello" in client.get(response.url).content.decode()


def test_a_double_submit_stores_one_message(client, mentorship, mentee):
    client.force_login(mentee)
    data = {"body": "Sent twice by an impatient click", "client_token": str(uuid.uuid4())}
    client.post(room_url(mentorship, "message_post"), data)
    client.post(room_url(mentorship, "message_post"), data, **HTMX)
    assert Message.objects.count() == 1


def test_posting_with_htmx_answers_a_fresh_composer_and_asks_for_a_poll(client, mentorship, mentee):
    client.force_login(mentee)
    token = str(uuid.uuid4())
    response = client.post(
        room_url(mentorship, "message_post"), {"body": "Hi", "client_token": token}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="composer"')
    assert token not in html  # a new token for the next message
    assert "Hi</textarea>" not in html
    assert (
        response["HX-Trigger"] == '{"room-changed": {}}' or "room-changed" in response["HX-Trigger"]
    )


def test_a_too_long_message_keeps_the_text_and_says_why(client, mentorship, mentee):
    client.force_login(mentee)
    body = "word " * 1100
    data = {"body": body, "client_token": str(uuid.uuid4())}
    response = client.post(room_url(mentorship, "message_post"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "A message can be at most 5000 characters (this one has 5499)." in html
    assert "word word word" in html
    response = client.post(room_url(mentorship, "message_post"), data, **HTMX)
    assert response.status_code == 400  # htmx swaps it into the composer (base.html)
    assert "at most 5000 characters" in response.content.decode()
    assert not Message.objects.exists()


def test_an_ended_room_is_read_only(client, mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    post_message(mentorship, mentor, "Before the end")
    from mentorships.services import mentorship_end

    mentorship_end(mentorship=mentorship, by=mentee, reason="Changed jobs.")
    client.force_login(mentee)
    html = client.get(room_url(mentorship)).content.decode()
    assert "Before the end" in html
    assert "read-only" in html
    assert 'id="composer"' not in html and 'id="room-poll"' not in html
    response = client.post(
        room_url(mentorship, "message_post"),
        {"body": "After", "client_token": str(uuid.uuid4())},
        follow=True,
    )
    assert "This mentorship has ended: its room is read-only." in response.content.decode()
    assert Message.objects.count() == 1


# Polling -------------------------------------------------------------------------------


def test_a_poll_with_nothing_new_answers_204(client, mentorship, mentee, mentor):
    post_message(mentorship, mentor, "Hello")
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    response = client.get(poll, **HTMX)
    assert response.status_code == 204 and response.content == b""


@pytest.mark.parametrize("count", [10, 5000])
def test_an_empty_poll_is_answered_from_the_cache_without_a_query(
    client, mentorship, mentee, count, django_assert_num_queries
):
    bulk_messages(mentorship, count)
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    with django_assert_num_queries(0):
        response = client.get(poll, **HTMX)
    assert response.status_code == 204 and response.content == b""
    assert "Vary" not in response  # the session was not even read
    assert "no-store" in response["Cache-Control"]


def test_without_a_shared_cache_every_poll_asks_the_database(
    client, mentorship, mentee, settings, django_assert_num_queries
):
    settings.ROOM_POLL_FROM_CACHE = False  # the in-memory cache: one per worker process
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    with django_assert_num_queries(3):
        assert client.get(poll, **HTMX).status_code == 204


def without_token(poll: str) -> str:
    return re.sub(r"&token=[0-9a-z.]+", "", poll)


@pytest.mark.parametrize("count", [10, 5000])
def test_an_empty_poll_without_its_token_is_one_small_query_after_the_session(
    client, mentorship, mentee, count, django_assert_num_queries
):
    bulk_messages(mentorship, count)
    client.force_login(mentee)
    poll = without_token(cursor_of(client.get(room_url(mentorship)).content.decode()))
    # session, user, the room's revision
    with django_assert_num_queries(3):
        assert client.get(poll, **HTMX).status_code == 204


def test_the_poll_token_belongs_to_the_session_the_page_was_shown_to(
    client, mentorship, mentee, outsider, django_assert_num_queries
):
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    assert re.search(r"&token=[0-9a-z]+\.[0-9a-f]{64}$", poll)
    client.force_login(outsider)  # another session, with the mentee's poll address
    assert client.get(poll, **HTMX).status_code == 404
    client.logout()
    assert client.get(poll, **HTMX).status_code == 302  # to the log-in page
    client.cookies["sessionid"] = "forged"
    assert client.get(poll, **HTMX).status_code == 302


def with_token(poll: str, token: str) -> str:
    return re.sub(r"&token=[0-9a-z.]+", "&" + urlencode({"token": token}), poll)


def test_the_poll_token_expires_and_the_poll_falls_back_to_the_access_check(
    client, mentorship, mentee, mentor, django_assert_num_queries
):
    client.force_login(mentee)
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        poll = cursor_of(client.get(room_url(mentorship)).content.decode())
        clock.move_to("2026-03-02 14:59 +0000")
        with django_assert_num_queries(0):
            assert client.get(poll, **HTMX).status_code == 204
        clock.move_to("2026-03-02 15:01 +0000")
        # six hours on: the session, the user and the room again, and the same answer
        with django_assert_num_queries(3):
            assert client.get(poll, **HTMX).status_code == 204
        post_message(mentorship, mentor, "Morning")
        news = client.get(poll, **HTMX)
        assert "Morning" in news.content.decode()
        fresh = cursor_of(news.content.decode())  # news brings a new token
        with django_assert_num_queries(0):
            assert client.get(fresh, **HTMX).status_code == 204
        clock.move_to("2026-03-02 08:50 +0000")
        # a token from the future (a server clock ahead) is not trusted either
        with django_assert_num_queries(3):
            assert client.get(fresh, **HTMX).status_code == 204


@pytest.mark.parametrize(
    "token",
    [
        "",
        ".",
        "nonsense",
        "zzzzzzzzzzzzzzzzzzzzzzzz.0000",
        "١٢٣.abc",
        "-1." + "0" * 64,
        "x" * 5000,
        "k0.\x00",
        "t5z9zz.%s" % ("f" * 64),
    ],
)
def test_a_tampered_poll_token_goes_the_slow_way_and_never_errs(
    client, mentorship, mentee, outsider, token, django_assert_num_queries
):
    client.force_login(mentee)
    poll = with_token(cursor_of(client.get(room_url(mentorship)).content.decode()), token)
    with django_assert_num_queries(3):
        assert client.get(poll, **HTMX).status_code == 204
    client.force_login(outsider)
    assert client.get(poll, **HTMX).status_code == 404


def test_a_token_with_a_later_issue_time_written_in_is_refused(
    client, mentorship, mentee, django_assert_num_queries
):
    """The issue time is signed: moving it forward to stretch the token's life fails."""
    client.force_login(mentee)
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        poll = cursor_of(client.get(room_url(mentorship)).content.decode())
        token = parse_qs(urlsplit(poll).query)["token"][0]
        issued, signature = token.split(".")
        later = int_to_base36(base36_to_int(issued) + 8 * 3600)
        clock.move_to("2026-03-02 16:00 +0000")
        with django_assert_num_queries(3):
            assert client.get(with_token(poll, f"{later}.{signature}"), **HTMX).status_code == 204


def test_a_message_moves_the_cached_revision_before_its_commit(mentorship, mentor):
    from django.core.cache import cache
    from django.db import transaction

    with transaction.atomic():
        post_message(mentorship, mentor, "Hello")
        # still uncommitted: a poll told "something new" now re-reads the room and, finding
        # nothing committed yet, answers 204 and asks again; it is never told "nothing new"
        assert cache.get(f"rooms:revision:{mentorship.pk}") == 1
    post_message(mentorship, mentor, "Again")
    assert cache.get(f"rooms:revision:{mentorship.pk}") == 2


def test_a_cache_ahead_of_the_room_or_empty_falls_back_to_the_database(
    client, mentorship, mentee, mentor, django_assert_num_queries
):
    from django.core.cache import cache

    post_message(mentorship, mentor, "Hello")
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    key = f"rooms:revision:{mentorship.pk}"
    cache.set(key, 7)  # a change published and then rolled back
    with django_assert_num_queries(3):
        assert client.get(poll, **HTMX).status_code == 204
    assert cache.get(key) == 7  # priming never lowers a published revision
    cache.delete(key)  # evicted, or Redis restarted
    with django_assert_num_queries(3):
        assert client.get(poll, **HTMX).status_code == 204
    assert cache.get(key) == 1  # primed again by the slow path
    with django_assert_num_queries(0):
        assert client.get(poll, **HTMX).status_code == 204


def test_a_poll_with_news_answers_in_the_persons_time_zone(client, mentorship, mentor, mentee):
    mentee.timezone = "Asia/Tokyo"
    mentee.save(update_fields=["timezone"])
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    with time_machine.travel("2026-03-02 23:30 +0000", tick=False):
        post_message(mentorship, mentor, "Late for you")
    with time_machine.travel("2026-03-03 01:00 +0000", tick=False):
        html = client.get(poll, **HTMX).content.decode()
    assert "08:30" in html  # 23:30 UTC is 08:30 the next morning in Tokyo


@pytest.mark.parametrize("count", [10, 5000])
def test_a_poll_with_news_has_a_constant_query_count(
    client, mentorship, mentor, mentee, count, django_assert_num_queries
):
    bulk_messages(mentorship, count)
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    for index in range(3):
        post_message(mentorship, mentor, f"New {index}")
    # session, user, the room's revision, changed messages
    with django_assert_num_queries(4):
        response = client.get(poll, **HTMX)
    html = response.content.decode()
    assert html.count('class="message"') == 3
    assert 'hx-trigger="load"' in html  # and the page marks them read with a POST


def test_a_poll_brings_new_messages_edits_and_deletes_and_moves_the_cursor(
    client, mentorship, mentor, mentee
):
    early = post_message(mentorship, mentor, "Early message")
    doomed = post_message(mentorship, mentor, "Doomed message")
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())

    room = room_of(mentorship)
    services.message_edit(room=room, message_id=early.pk, by=mentor, body="Early message, edited")
    services.message_delete(room=room, message_id=doomed.pk, by=mentor)
    new = post_message(mentorship, mentor, "A *new* one")
    response = client.get(poll, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="message-{early.pk}" class="message" hx-swap-oob="true"' in html
    assert "Early message, edited" in html and "edited</span>" in html
    assert f'id="message-{doomed.pk}" class="message is-deleted" hx-swap-oob="true"' in html
    assert "Message deleted" in html and "Doomed" not in html
    assert 'hx-swap-oob="beforeend:#message-list"' in html
    assert "A <em>new</em> one" in html
    assert "Today" not in html  # same day as the last message the page showed

    next_poll = cursor_of(html)
    assert f"after={new.pk}" in next_poll and "revision=5" in next_poll
    assert client.get(next_poll, **HTMX).status_code == 204
    assert f'name="message_id" value="{new.pk}"' in html


def test_polling_never_skips_or_repeats_while_both_write(client, mentorship, mentor, mentee):
    client.force_login(mentee)
    poll = cursor_of(client.get(room_url(mentorship)).content.decode())
    delivered = []
    for round_ in range(4):
        for author in (mentor, mentee):
            post_message(mentorship, author, f"round {round_} from {author.pk}")
        html = client.get(poll, **HTMX).content.decode()
        delivered += [int(pk) for pk in re.findall(r'<article id="message-(\d+)"', html)]
        poll = cursor_of(html)
    assert delivered == list(Message.objects.values_list("pk", flat=True))


def test_the_room_page_carries_the_poller(client, mentorship, mentee):
    client.force_login(mentee)
    html = client.get(room_url(mentorship)).content.decode()
    assert 'hx-trigger="every 4s, room-changed from:body, visibilitychange from:document"' in html


# Editing and deleting ------------------------------------------------------------------


def test_editing_with_htmx_swaps_the_form_in_and_the_message_back(client, mentorship, mentee):
    message = post_message(mentorship, mentee, "Frist draft")
    client.force_login(mentee)
    url = room_url(mentorship, "message_edit", message.pk)
    form = client.get(url, **HTMX).content.decode()
    assert form.lstrip().startswith(f'<form id="message-{message.pk}"')
    assert "Frist draft</textarea>" in form
    response = client.post(url, {"body": "First draft"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<article id="message-{message.pk}" class="message is-mine"' in html
    assert "First draft" in html and "edited" in html


def test_editing_without_javascript(client, mentorship, mentee):
    message = post_message(mentorship, mentee, "Frist")
    client.force_login(mentee)
    url = room_url(mentorship, "message_edit", message.pk)
    assert "<h1>Edit your message</h1>" in client.get(url).content.decode()
    response = client.post(url, {"body": "First"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "First"


def test_editing_after_the_window_says_why(client, mentorship, mentee):
    message = post_message(mentorship, mentee, "Old")
    client.force_login(mentee)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        html = client.get(room_url(mentorship)).content.decode()
        assert "Edit</a>" not in html and "Delete</button>" in html
        response = client.post(room_url(mentorship, "message_edit", message.pk), {"body": "New"})
    assert response.status_code == 409
    assert "Messages can be edited for 15 minutes after posting." in response.content.decode()


def test_the_other_persons_message_cannot_be_edited_or_deleted(client, mentorship, mentor, mentee):
    message = post_message(mentorship, mentor, "Mentor's words")
    client.force_login(mentee)
    assert client.get(room_url(mentorship, "message_edit", message.pk)).status_code == 403
    assert client.post(room_url(mentorship, "message_delete", message.pk)).status_code == 403
    message.refresh_from_db()
    assert not message.is_deleted


def test_a_message_of_another_room_is_404(client, mentorship, mentee):
    elsewhere = make_mentorship(mentee=mentee, stage="cultivation")
    message = post_message(elsewhere, mentee, "Other room")
    client.force_login(mentee)
    edit = room_url(mentorship, "message_edit", message.pk)
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"body": "Changed"}).status_code == 404
    assert client.post(room_url(mentorship, "message_delete", message.pk)).status_code == 404
    message.refresh_from_db()
    assert (message.body, message.is_deleted) == ("Other room", False)


def test_deleting_with_and_without_javascript(client, mentorship, mentee):
    one = post_message(mentorship, mentee, "One")
    two = post_message(mentorship, mentee, "Two")
    client.force_login(mentee)
    # htmx asks in a dialog (hx-confirm), then sends the yes (hx-vals)
    yes = {"confirm": "yes"}
    response = client.post(room_url(mentorship, "message_delete", one.pk), yes, **HTMX)
    assert "Message deleted" in response.content.decode()
    # without JavaScript a page asks first, and nothing is deleted until it is answered
    response = client.post(room_url(mentorship, "message_delete", two.pk))
    assert response.status_code == 200
    assert "Delete this message?" in response.content.decode()
    assert 'name="confirm" value="yes"' in response.content.decode()
    assert Message.objects.filter(deleted_at__isnull=False).count() == 1
    response = client.post(room_url(mentorship, "message_delete", two.pk), {"confirm": "yes"})
    assert response.status_code == 302
    assert Message.objects.filter(deleted_at__isnull=False).count() == 2


def test_the_delete_button_sends_the_yes_only_after_the_dialog(client, mentorship, mentee):
    post_message(mentorship, mentee, "One")
    client.force_login(mentee)
    html = client.get(room_url(mentorship, "room_detail")).content.decode()
    assert 'hx-confirm="Delete this message?"' in html
    assert """hx-vals='{"confirm": "yes"}'""" in html


# Search ----------------------------------------------------------------------------------


def test_search_in_the_room(client, mentorship, mentor, mentee):
    post_message(mentorship, mentor, "Read *The Manager's Path* before the review")
    post_message(mentorship, mentee, "Booked the venue")
    client.force_login(mentee)
    html = client.get(room_url(mentorship, "room_search"), {"q": "reviews"}).content.decode()
    assert "The Manager" in html and "Booked" not in html
    assert "1 message matching" in html
    html = client.get(
        room_url(mentorship, "room_search"), {"q": "nothing-like-this"}
    ).content.decode()
    assert "No message matches" in html


# The dashboard card and the mentorship page ------------------------------------------------


def test_the_dashboard_card_and_the_mentorship_page_show_unread_counts(
    client, mentorship, mentor, mentee
):
    post_message(mentorship, mentor, "one")
    post_message(mentorship, mentor, "two")
    client.force_login(mentee)
    assert "2 unread messages" in client.get(reverse("home")).content.decode()
    assert (
        "2 unread messages</strong> from Maya Mentor"
        in client.get(mentorship.get_absolute_url()).content.decode()
    )
    latest = client.get(room_url(mentorship)).context["page"].latest_id
    client.post(room_url(mentorship, "room_mark_read"), {"message_id": latest})
    assert "no unread messages" in client.get(reverse("home")).content.decode()
    assert "All read" in client.get(mentorship.get_absolute_url()).content.decode()


def test_the_navigation_count_of_unread_messages(client, mentorship, mentor, mentee):
    post_message(mentorship, mentor, "one")
    post_message(make_mentorship(mentee=mentee, stage="cultivation"), mentee, "mine")
    client.force_login(mentee)
    page = client.get(reverse("notification_list")).content.decode()
    assert 'aria-label="Room messages, 1 unread">Messages <span class="badge">1</span>' in page
    client.force_login(mentor)
    assert "Room messages," not in client.get(reverse("notification_list")).content.decode()


def test_the_navigation_count_adds_up_every_live_room_after_its_read_marker(
    client, mentorship, mentor, mentee
):
    from mentorships.services import mentorship_end

    read = post_message(mentorship, mentor, "read already")
    services.mark_read_in(room_id=room_of(mentorship).pk, user=mentee, message_id=read.pk)
    post_message(mentorship, mentor, "unread one")
    second = make_mentorship(mentee=mentee, stage="cultivation")
    post_message(second, second.mentor, "unread two")
    post_message(second, second.mentor, "unread three")
    ended = make_mentorship(mentee=mentee, stage="cultivation")
    post_message(ended, ended.mentor, "in a room that has closed")
    mentorship_end(mentorship=ended, by=ended.mentor, reason="Moving on")
    client.force_login(mentee)
    page = client.get(reverse("notification_list")).content.decode()
    assert 'aria-label="Room messages, 3 unread">Messages <span class="badge">3</span>' in page


def test_a_paused_mentorships_room_stays_open(client, mentorship, mentee):
    from mentorships.services import mentorship_pause

    mentorship_pause(mentorship=mentorship, by=mentee, reason="Holidays", resume_on=None)
    client.force_login(mentee)
    data = {"body": "Still here", "client_token": str(uuid.uuid4())}
    assert client.post(room_url(mentorship, "message_post"), data).status_code == 302
    assert Message.objects.filter(body="Still here").exists()


@pytest.mark.parametrize("raw", ["١٢", "1e3", "-1", "9" * 30])
@pytest.mark.parametrize(
    ("name", "key"), [("room_poll", "after"), ("room_poll", "revision"), ("room_detail", "before")]
)
def test_a_cursor_that_is_not_a_number_is_refused_with_a_reason(
    client, mentorship, mentee, raw, name, key
):
    """Even on the poll's fast path, which answers before the session is read."""
    client.force_login(mentee)
    for headers in ({}, HTMX):
        response = client.get(room_url(mentorship, name), {key: raw}, **headers)
        assert response.status_code == 400
        assert f"“{key}” must be a whole number" in response.content.decode()
    client.logout()
    assert client.get(room_url(mentorship, "room_poll"), {"revision": raw}).status_code == 400


def test_a_message_id_to_mark_read_that_is_not_a_number_is_refused(client, mentorship, mentee):
    client.force_login(mentee)
    response = client.post(room_url(mentorship, "room_mark_read"), {"message_id": "١٢"})
    assert response.status_code == 400
