"""Roadmap pages. One template (roadmaps/roadmap.html) serves the page and, for htmx, its
`roadmap` partial: editing or deleting a milestone renders the same roadmap with that row
turned into a form, so the plain-form path and the htmx path share every line of markup."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from menteo.errors import form_status, refusals_shown_in, refusals_shown_on
from menteo.http import AuthenticatedHttpRequest, absolute_url
from roadmaps import calendar, selectors, services
from roadmaps.forms import ApplyTemplateForm, MilestoneForm, MilestoneStatusForm
from roadmaps.services import MilestoneInput


def _roadmap_url(mentorship) -> str:
    return reverse("roadmap_detail", args=[mentorship.pk])


def _render_roadmap(
    request: AuthenticatedHttpRequest,
    mentorship,
    *,
    status: int = 200,
    add_form=None,
    editing=None,
    edit_form=None,
    deleting=None,
    template_form=None,
):
    goals = selectors.current_goals(mentorship)
    context = {
        "mentorship": mentorship,
        "roadmap": mentorship.roadmap,
        "milestones": list(mentorship.roadmap.milestones.all()),
        "progress": mentorship.roadmap.progress(),
        "other": mentorship.other_person(request.user),
        "edit_refusal": services.edit_refusal(mentorship),
        "status_refusal": services.status_refusal(mentorship),
        "add_form": add_form or MilestoneForm(goals=goals),
        "editing": editing,
        "edit_form": edit_form,
        "deleting": deleting,
        "template_form": template_form or ApplyTemplateForm(),
        "statuses": MilestoneStatusForm.base_fields["status"].choices,
    }
    template = "roadmaps/roadmap.html"
    if request.htmx and not request.htmx.boosted:
        template += "#roadmap"
    return render(request, template, context, status=status)


def _after_change(request: AuthenticatedHttpRequest, mentorship_pk, message: str = ""):
    """Plain forms redirect (and show the message); htmx gets the fresh roadmap partial."""
    if request.htmx:
        mentorship = selectors.mentorship_for_roadmap(request.user, mentorship_pk)
        return _render_roadmap(request, mentorship)
    if message:
        messages.success(request, message)
    return redirect("roadmap_detail", pk=mentorship_pk)


def _milestone_or_404(mentorship, milestone_id):
    return next(
        (m for m in mentorship.roadmap.milestones.all() if m.pk == milestone_id), None
    ) or get_object_or_404(mentorship.roadmap.milestones, pk=milestone_id)


def _milestone_input(form: MilestoneForm) -> MilestoneInput:
    return MilestoneInput(
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
        due_date=form.cleaned_data["due_date"],
        goal_id=form.cleaned_data["goal"],
    )


@login_required
@vary_on_headers("HX-Request")
def roadmap_detail(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.mentorship_for_roadmap(request.user, pk)
    return _render_roadmap(request, mentorship)


@login_required
@require_POST
@refusals_shown_on(roadmap_detail)
def roadmap_apply_template(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.mentorship_for_roadmap(request.user, pk)
    form = ApplyTemplateForm(request.POST)
    if not form.is_valid():
        return _render_roadmap(request, mentorship, status=400, template_form=form)
    services.roadmap_apply_template(mentorship=mentorship, by=request.user, **form.cleaned_data)
    return _after_change(
        request, pk, f"The roadmap now follows “{form.cleaned_data['template'].title}”."
    )


@login_required
@require_POST
def milestone_add(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.mentorship_for_roadmap(request.user, pk)
    form = MilestoneForm(request.POST, goals=selectors.current_goals(mentorship))
    if not form.is_valid():
        return _render_roadmap(request, mentorship, status=400, add_form=form)
    with refusals_shown_in(form):
        milestone = services.milestone_add(
            mentorship=mentorship, by=request.user, milestone=_milestone_input(form)
        )
        return _after_change(request, pk, f"Added “{milestone.title}”.")
    return _render_roadmap(request, mentorship, status=form_status(form), add_form=form)


@login_required
def milestone_edit(request: AuthenticatedHttpRequest, pk, milestone_id: int):
    mentorship = selectors.mentorship_for_roadmap(request.user, pk)
    milestone = _milestone_or_404(mentorship, milestone_id)
    goals = selectors.current_goals(mentorship)
    if request.method == "POST":
        form = MilestoneForm(request.POST, goals=goals, prefix="edit")
        if form.is_valid():
            with refusals_shown_in(form):
                services.milestone_update(
                    mentorship=mentorship,
                    by=request.user,
                    milestone_id=milestone.pk,
                    milestone=_milestone_input(form),
                )
                return _after_change(request, pk, f"Saved “{form.cleaned_data['title']}”.")
        status = form_status(form)
    else:
        form = MilestoneForm(
            goals=goals,
            prefix="edit",
            initial={
                "title": milestone.title,
                "description": milestone.description,
                "due_date": milestone.due_date,
                "goal": milestone.goal_id,
            },
        )
        status = 200
    return _render_roadmap(request, mentorship, status=status, editing=milestone, edit_form=form)


@login_required
@refusals_shown_on(roadmap_detail)
def milestone_delete(request: AuthenticatedHttpRequest, pk, milestone_id: int):
    """GET asks for confirmation (the row turns into the question); POST deletes."""
    mentorship = selectors.mentorship_for_roadmap(request.user, pk)
    milestone = _milestone_or_404(mentorship, milestone_id)
    if request.method == "POST":
        services.milestone_delete(mentorship=mentorship, by=request.user, milestone_id=milestone.pk)
        return _after_change(request, pk, f"Deleted “{milestone.title}”.")
    return _render_roadmap(request, mentorship, deleting=milestone)


@login_required
@require_POST
@refusals_shown_on(roadmap_detail)
def milestone_status(request: AuthenticatedHttpRequest, pk, milestone_id: int):
    mentorship = selectors.mentorship_for_roadmap(request.user, pk)
    milestone = _milestone_or_404(mentorship, milestone_id)
    milestone = services.milestone_set_status(  # the service says which statuses there are
        mentorship=mentorship,
        by=request.user,
        milestone_id=milestone.pk,
        status=request.POST.get("status", ""),
    )
    return _after_change(
        request, pk, f"“{milestone.title}” is {milestone.get_status_display().lower()}."
    )


@login_required
@require_POST
@refusals_shown_on(roadmap_detail)
def milestone_move(request: AuthenticatedHttpRequest, pk, milestone_id: int):
    mentorship = selectors.mentorship_for_roadmap(request.user, pk)
    milestone = _milestone_or_404(mentorship, milestone_id)
    services.milestone_move(  # the service says which directions there are
        mentorship=mentorship,
        by=request.user,
        milestone_id=milestone.pk,
        direction=request.POST.get("direction", ""),
    )
    return _after_change(request, pk)


# The template library --------------------------------------------------------------


@login_required
def template_library(request: AuthenticatedHttpRequest):
    return render(
        request,
        "roadmaps/template_library.html",
        {"templates": list(selectors.published_templates())},
    )


@login_required
def template_detail(request: AuthenticatedHttpRequest, slug: str):
    template = selectors.get_template(slug)
    return render(
        request,
        "roadmaps/template_detail.html",
        {"template": template, "milestones": list(template.milestones.all())},
    )


# The calendar feed --------------------------------------------------------------


@login_required
def calendar_settings(request: AuthenticatedHttpRequest):
    """The secret address is made on request (a GET never writes), and can be renewed."""
    if request.method == "POST":
        existed = selectors.calendar_feed_of(request.user) is not None
        services.calendar_feed_for(request.user, renew=True)
        messages.success(
            request,
            "A new calendar address is ready; the old one stopped working."
            if existed
            else "Your calendar address is ready: add it to your calendar app.",
        )
        return redirect("calendar_settings")
    feed = selectors.calendar_feed_of(request.user)
    feed_url = absolute_url(feed.get_absolute_url()) if feed else None
    return render(request, "roadmaps/calendar_settings.html", {"feed_url": feed_url})


def calendar_feed(request, token: str):
    """No login: calendar apps can't log in. The secret token is the key; a wrong one is 404."""
    feed = selectors.get_calendar_feed(token)
    body = calendar.render_feed(feed.user, selectors.calendar_mentorships(feed.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="menteo.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
