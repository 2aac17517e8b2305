from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from accounts.middleware import user_zone, without_user_timezone
from menteo import ratelimit
from menteo.errors import form_status, refusals_shown_in
from menteo.http import AuthenticatedHttpRequest, confirm_delete_page, delete_confirmed
from menteo.params import posted_number, query_number
from rooms import revisions, selectors, services
from rooms.forms import MessageEditForm, MessageForm, SearchForm
from rooms.models import EDIT_WINDOW_MINUTES, Message, Room

ROOM_TEMPLATE = "rooms/room.html"
POLL_EVENT = "room-changed"  # the poller listens for it: after posting, look right away


def _day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    return f"{day:%A} {day.day} {day:%B}" + ("" if day.year == today.year else f" {day.year}")


def _time_label(moment: datetime, now: datetime) -> str:
    ago = now - moment
    if ago < timedelta(minutes=1):
        return "just now"
    if ago < timedelta(hours=1):
        return f"{ago.seconds // 60} min ago"
    return f"{timezone.localtime(moment):%H:%M}"


def _label(message_list: list[Message], *, previous_day: str = "") -> str:
    """Give each message its relative time and, at each change of day, a day separator.
    Returns the last day seen (ISO), to carry across polls."""
    now = timezone.now()
    today = timezone.localdate(now)
    for message in message_list:
        day = timezone.localdate(message.created_at)
        message.day_label = _day_label(day, today) if day.isoformat() != previous_day else ""
        message.time_label = _time_label(message.created_at, now)
        previous_day = day.isoformat()
    return previous_day


def _common(request, room: Room) -> dict:
    mentorship = room.mentorship
    return {
        "room": room,
        "mentorship": mentorship,
        "other": mentorship.other_person(request.user),
        "read_only": mentorship.is_ended,
        "edit_cutoff": timezone.now() - timedelta(minutes=EDIT_WINDOW_MINUTES),
    }


def _poll_cursor(request, mentorship_id, *, after: int, revision: int, day: str) -> str:
    token = revisions.poll_token(mentorship_id, request.session.session_key or "")
    return urlencode({"after": after, "revision": revision, "day": day, "token": token})


def _render_room(request, room: Room, *, form=None, status=200):
    before = query_number(request, "before")
    page = selectors.latest_messages(room, before=before)
    revisions.prime(room.mentorship_id, room.revision)  # the page's first poll is a fast one
    last_day = _label(page.messages)
    unread_from = next(
        (
            message.pk
            for message in page.messages
            if message.pk > room.my_last_read and message.author_id != request.user.pk
        ),
        None,
    )
    # Reading is recorded by a POST (room_mark_read) the page sends on load, or by the
    # "Mark as read" button without JavaScript: a GET changes nothing.
    mark_read_upto = page.latest_id if before is None and unread_from else None
    context = {
        **_common(request, room),
        "page": page,
        "before": before,
        "unread_from": unread_from,
        "mark_read_upto": mark_read_upto,
        "form": form or MessageForm(),
        "cursor": _poll_cursor(
            request, room.mentorship_id, after=page.latest_id, revision=room.revision, day=last_day
        ),
    }
    template = ROOM_TEMPLATE
    if request.htmx and before is not None:
        template += "#earlier"
    return render(request, template, context, status=status)


@login_required
@vary_on_headers("HX-Request")
def room_detail(request: AuthenticatedHttpRequest, pk):
    room = selectors.get_room_for(request.user, pk)
    return _render_room(request, room)


@without_user_timezone
@never_cache  # a 204 kept by a browser or a proxy would hide the next messages
def room_poll(request: AuthenticatedHttpRequest, pk):
    """New and changed messages since the client's cursor; 204 when there are none.

    Polls come every few seconds from every open room: "nothing new" is answered from the
    cache when it can be (rooms/revisions.py), before the session is even read."""
    # The whole cursor is read first: a bad one is refused, whatever the room's news.
    revision = query_number(request, "revision") or 0
    after = query_number(request, "after") or 0
    if revisions.nothing_new(request, pk, revision):
        return HttpResponse(status=204)
    return _room_poll(request, pk, revision, after)


@login_required
def _room_poll(request: AuthenticatedHttpRequest, pk, revision: int, after: int):
    state = selectors.room_state_for_poll(request.user, pk)
    if state is None:
        raise Http404("No room found.")
    revisions.prime(pk, state["revision"])
    if state["revision"] <= revision:
        return HttpResponse(status=204)
    with timezone.override(user_zone(request.user)):
        return _poll_response(request, pk, state, revision, after)


def _poll_response(request, pk, state: dict, revision: int, after: int):
    changed = selectors.changed_messages(state["pk"], since_revision=revision)
    new = [message for message in changed if message.pk > after]
    updated = [message for message in changed if message.pk <= after]
    last_day = _label(new, previous_day=request.GET.get("day", "")[:10])
    from_other = [message for message in new if message.author_id != request.user.pk]
    room = Room(pk=state["pk"], mentorship_id=pk, revision=state["revision"])
    context = {
        "room": room,
        "mentorship": {"pk": pk},
        "read_only": state["mentorship__ended_at"] is not None,
        "edit_cutoff": timezone.now() - timedelta(minutes=EDIT_WINDOW_MINUTES),
        "new_messages": new,
        "updated_messages": updated,
        "mark_read_upto": new[-1].pk if from_other else None,
        "cursor": _poll_cursor(
            request,
            pk,
            after=max([after, *(message.pk for message in new)]),
            revision=state["revision"],
            day=last_day,
        ),
    }
    return render(request, ROOM_TEMPLATE + "#poll_response", context)


@login_required
@require_POST
def message_post(request: AuthenticatedHttpRequest, pk):
    room = selectors.get_room_for(request.user, pk)
    form = MessageForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            ratelimit.consume(user=request.user, action="room_message")
        except ratelimit.RateLimited as limited:
            form.add_error(None, str(limited))  # what they typed stays in the box
            status = 429
        else:
            with refusals_shown_in(form):
                message = services.message_post(room=room, author=request.user, **form.cleaned_data)
                if request.htmx:
                    response = render(
                        request,
                        ROOM_TEMPLATE + "#composer",
                        {**_common(request, room), "form": MessageForm()},
                    )
                    return trigger_client_event(response, POLL_EVENT)
                return redirect(reverse("room_detail", args=[pk]) + f"#message-{message.pk}")
            status = form_status(form)
    if request.htmx:
        # The composer shows the errors, and keeps what was typed.
        context = {**_common(request, room), "form": form}
        return render(request, ROOM_TEMPLATE + "#composer", context, status=status)
    return _render_room(request, room, form=form, status=status)


def _message_for(room: Room, message_id: int, user) -> Message:
    message = Message.objects.filter(room=room, pk=message_id).select_related("author").first()
    if message is None:
        raise Http404("No message found.")
    if message.author_id != user.pk:
        raise PermissionDenied("You can only change your own messages.")
    return message


def _render_message(request, room: Room, message: Message):
    _label([message], previous_day=timezone.localdate(message.created_at).isoformat())
    return render(request, "rooms/_message.html", {**_common(request, room), "message": message})


@login_required
@vary_on_headers("HX-Request")
def message_edit(request: AuthenticatedHttpRequest, pk, message_id: int):
    room = selectors.get_room_for(request.user, pk)
    message = _message_for(room, message_id, request.user)
    form = MessageEditForm(request.POST or None, initial={"body": message.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusals_shown_in(form):
                message = services.message_edit(
                    room=room, message_id=message.pk, by=request.user, **form.cleaned_data
                )
                if request.htmx:
                    message.author = request.user
                    return _render_message(request, room, message)
                messages.success(request, "Your message is updated.")
                return redirect(reverse("room_detail", args=[pk]) + f"#message-{message.pk}")
        status = form_status(form)
    template = "rooms/message_edit.html"
    if request.htmx:
        template += "#edit_form"
    context = {**_common(request, room), "message": message, "form": form}
    return render(request, template, context, status=status)


@login_required
@require_POST
def message_delete(request: AuthenticatedHttpRequest, pk, message_id: int):
    room = selectors.get_room_for(request.user, pk)
    message = _message_for(room, message_id, request.user)
    if not delete_confirmed(request):
        return confirm_delete_page(
            request,
            question="Delete this message?",
            detail=f"“{message.body[:80]}” shows as “Message deleted” for both of you.",
            button="Delete message",
            cancel_url=reverse("room_detail", args=[pk]) + f"#message-{message.pk}",
        )
    message = services.message_delete(room=room, message_id=message.pk, by=request.user)
    if request.htmx:
        message.author = request.user
        return _render_message(request, room, message)
    messages.info(request, "Your message is deleted.")
    return redirect(reverse("room_detail", args=[pk]) + f"#message-{message.pk}")


@login_required
@require_POST
def room_mark_read(request: AuthenticatedHttpRequest, pk):
    """Record that the person has read the room up to a message: sent by the room page on load
    and when a poll brings messages (htmx), or by the "Mark as read" button."""
    room = selectors.get_room_for(request.user, pk)
    upto = posted_number(request, "message_id")
    if upto is not None:
        services.room_mark_read(room=room, user=request.user, message_id=upto)
    if request.htmx:
        return HttpResponse("")  # the form replaces itself with nothing
    return redirect("room_detail", pk=pk)


@login_required
def room_search(request: AuthenticatedHttpRequest, pk):
    room = selectors.get_room_for(request.user, pk)
    form = SearchForm(request.GET or None)
    results = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        results = selectors.search_messages(room, query)
        _label(results)
        for message in results:
            message.day_label = ""
    return render(
        request,
        "rooms/search.html",
        {**_common(request, room), "form": form, "query": query, "results": results},
    )
