from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings import selectors, services
from meetings.forms import ActionForm, AgendaForm, MeetingForm, NotesForm, PlanForm
from meetings.invitations import meeting_calendar
from menteo.errors import form_status, refusals_shown_in, refusals_shown_on
from menteo.http import AuthenticatedHttpRequest
from mentorships.selectors import get_mentorship_for


@login_required
def meeting_list(request: AuthenticatedHttpRequest, pk):
    mentorship = get_mentorship_for(request.user, pk)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_in(form):
            meeting = services.meeting_plan(
                mentorship=mentorship, by=request.user, **form.cleaned_data
            )
            if not meeting.is_planned:
                messages.success(request, "Meeting logged. Write its notes and action items.")
                return redirect(f"{meeting.get_absolute_url()}#notes")
            messages.success(
                request,
                f"Meeting planned. {mentorship.other_person(request.user).name} gets the "
                "invitation by email.",
            )
            return redirect(meeting)
    return render(
        request,
        "meetings/list.html",
        {
            "mentorship": mentorship,
            "form": form,
            "rhythm": selectors.rhythm_of(mentorship),
            **selectors.meetings_of(mentorship),
        },
        status=form_status(form) if form.errors else 200,
    )


def _render_meeting(request, meeting, *, status=200, **forms):
    context = {
        "meeting": meeting,
        "mentorship": meeting.mentorship,
        "other": meeting.mentorship.other_person(request.user),
        "started": meeting.starts_at <= timezone.now(),
        "agenda_form": forms.get("agenda_form") or AgendaForm(),
        "notes_form": forms.get("notes_form") or NotesForm(initial={"notes": meeting.notes}),
        "action_form": forms.get("action_form") or ActionForm(),
    }
    return render(request, "meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk):
    return _render_meeting(request, selectors.meeting_for(request.user, pk))


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, pk):
    meeting = selectors.meeting_for(request.user, pk)
    form = MeetingForm(
        request.POST or None,
        initial={
            "starts_at": meeting.starts_at,
            "duration_minutes": meeting.duration_minutes,
            "where": meeting.where,
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals_shown_in(form):
            services.meeting_reschedule(meeting=meeting, by=request.user, **form.cleaned_data)
            messages.success(request, "Meeting updated.")
            return redirect(meeting)
    return render(
        request,
        "meetings/edit.html",
        {"meeting": meeting, "mentorship": meeting.mentorship, "form": form},
        status=form_status(form) if form.errors else 200,
    )


@login_required
@require_POST
@refusals_shown_on(meeting_detail)
def meeting_cancel(request: AuthenticatedHttpRequest, pk):
    meeting = selectors.meeting_for(request.user, pk)
    services.meeting_cancel(meeting=meeting, by=request.user)
    other = meeting.mentorship.other_person(request.user).name
    messages.info(request, f"Meeting cancelled. {other} gets the cancellation by email.")
    return redirect(meeting)


def _agenda_response(request, meeting, *, form=None, status=200):
    if request.htmx:
        meeting = selectors.meeting_for(request.user, meeting.pk)
        context = {"meeting": meeting, "agenda_form": form or AgendaForm()}
        return render(request, "meetings/detail.html#agenda", context, status=status)
    return redirect(meeting)


@login_required
@require_POST
def agenda_add(request: AuthenticatedHttpRequest, pk):
    meeting = selectors.meeting_for(request.user, pk)
    form = AgendaForm(request.POST)
    if form.is_valid():
        with refusals_shown_in(form):
            services.agenda_add(meeting=meeting, by=request.user, text=form.cleaned_data["text"])
            return _agenda_response(request, meeting)
    if request.htmx:
        return _agenda_response(request, meeting, form=form, status=form_status(form))
    return _render_meeting(request, meeting, status=form_status(form), agenda_form=form)


@login_required
@require_POST
def agenda_remove(request: AuthenticatedHttpRequest, pk, item_pk):
    item = selectors.agenda_item_for(request.user, pk, item_pk)
    services.agenda_remove(item=item, by=request.user)
    return _agenda_response(request, item.meeting)


@login_required
@require_POST
def meeting_notes(request: AuthenticatedHttpRequest, pk):
    meeting = selectors.meeting_for(request.user, pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        with refusals_shown_in(form):
            services.meeting_record(
                meeting=meeting,
                by=request.user,
                notes=form.cleaned_data["notes"],
                actions=form.cleaned_data["actions"],
            )
            messages.success(request, "Notes saved.")
            return redirect(meeting)
    return _render_meeting(request, meeting, status=form_status(form), notes_form=form)


@login_required
@require_POST
def action_add(request: AuthenticatedHttpRequest, pk):
    meeting = selectors.meeting_for(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        with refusals_shown_in(form):
            services.action_add(meeting=meeting, by=request.user, text=form.cleaned_data["text"])
            return redirect(meeting)
    return _render_meeting(request, meeting, status=form_status(form), action_form=form)


@login_required
@require_POST
def action_to_milestone(request: AuthenticatedHttpRequest, pk, action_pk):
    action = selectors.action_for(request.user, pk, action_pk)
    milestone = services.action_to_milestone(action=action, by=request.user)
    if request.htmx:
        meeting = selectors.meeting_for(request.user, pk)
        action = next(a for a in meeting.actions.all() if a.pk == action.pk)
        return render(
            request, "meetings/detail.html#action", {"meeting": meeting, "action": action}
        )
    messages.success(request, f"“{milestone.title}” is now on the roadmap.")
    return redirect(action.meeting)


@login_required
def meeting_ics(request: AuthenticatedHttpRequest, pk):
    meeting = selectors.meeting_for(request.user, pk)
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    filename = f"menteo-meeting-{timezone.localdate(meeting.starts_at):%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
