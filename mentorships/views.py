from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from menteo import ratelimit
from menteo.errors import form_status, refusals_shown_in, refusals_shown_on
from menteo.http import AuthenticatedHttpRequest, HtmxHttpRequest
from menteo.params import posted_number, query_number
from mentorships import panels, rules, selectors, services
from mentorships.forms import (
    AcknowledgementForm,
    ContractForm,
    DeclineForm,
    DirectoryForm,
    EndForm,
    ExitFeedbackForm,
    GoalFormSet,
    GoalStatusForm,
    MentorProfileForm,
    PauseForm,
    RelationshipForm,
    RequestForm,
    TransitionForm,
)
from mentorships.models import Contract, Stage
from mentorships.suggestions import answering_records, mentor_suggestions

DIRECTORY_PAGE_SIZE = 12


# Finding a mentor --------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def mentor_directory(request: HtmxHttpRequest):
    form = DirectoryForm(request.GET or None, expertise_choices=DirectoryForm.expertise_choices())
    query = expertise = ""
    if form.is_valid():
        query, expertise = form.cleaned_data["q"], form.cleaned_data["expertise"]
    page = Paginator(
        selectors.mentor_directory(query=query, expertise=expertise), DIRECTORY_PAGE_SIZE
    ).get_page(query_number(request, "page"))
    template = "mentorships/directory.html"
    partial = request.htmx and not request.htmx.boosted
    if partial:
        template += "#results"
    # Suggestions head the full page, with or without a search (as it stays when htmx swaps
    # the results); the results partial leaves them alone.
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query,
            "suggestions": [] if partial else mentor_suggestions(request.user),
        },
    )


@login_required
def mentor_profile(request: AuthenticatedHttpRequest, username: str):
    mentor = selectors.get_mentor(username)
    refusals = services.request_refusals(mentee=request.user, mentor=mentor)
    form = RequestForm(request.POST or None)
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.consume(user=request.user, action="mentorship_request")
        except ratelimit.RateLimited as limited:
            form.add_error(None, str(limited))
            status = 429
        else:
            with refusals_shown_in(form):
                services.request_create(mentee=request.user, mentor=mentor, **form.cleaned_data)
                messages.success(request, f"Your request is on its way to {mentor.name}.")
                return redirect("home")
            status = form_status(form)
    return render(
        request,
        "mentorships/mentor_profile.html",
        {
            "mentor": mentor,
            "form": form,
            "refusals": refusals,
            "active_mentees": services.active_mentee_count(mentor),
            "feedback": selectors.mentor_feedback_summary(mentor),
            "answering": answering_records([mentor.pk])[mentor.pk],
        },
        status=status if form.errors else 200,
    )


@login_required
def mentor_profile_edit(request: AuthenticatedHttpRequest):
    profile = selectors.mentor_profile_of(request.user)
    initial = {"capacity": 3, "is_accepting": True}
    if profile:
        initial = {
            "expertise": ", ".join(tag.name for tag in profile.expertise.all()),
            "capacity": profile.capacity,
            "is_accepting": profile.is_accepting,
        }
    form = MentorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.mentor_profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your mentor profile is saved.")
        return redirect("mentor_profile_edit")
    return render(
        request, "mentorships/mentor_profile_edit.html", {"form": form, "profile": profile}
    )


# Requests --------------------------------------------------------------


@login_required
def request_detail(request: AuthenticatedHttpRequest, pk):
    mentorship_request = selectors.get_request_for(request.user, pk)
    return render(
        request,
        "mentorships/request_detail.html",
        {"mentorship_request": mentorship_request, "decline_form": DeclineForm()},
    )


@login_required
@require_POST
@refusals_shown_on(request_detail)
def request_accept(request: AuthenticatedHttpRequest, pk):
    mentorship_request = selectors.get_request_for(request.user, pk)
    mentorship = services.request_accept(request_id=mentorship_request.pk, by=request.user)
    messages.success(
        request,
        f"You are now {mentorship.mentee.name}'s mentor. Start with the contract together.",
    )
    return redirect(mentorship)


@login_required
@require_POST
def request_decline(request: AuthenticatedHttpRequest, pk):
    mentorship_request = selectors.get_request_for(request.user, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        with refusals_shown_in(form):
            services.request_decline(
                request_id=mentorship_request.pk, by=request.user, **form.cleaned_data
            )
            messages.info(request, f"You declined {mentorship_request.mentee.name}'s request.")
            return redirect("home")
    return render(
        request,
        "mentorships/request_detail.html",
        {"mentorship_request": mentorship_request, "decline_form": form},
        status=form_status(form),
    )


@login_required
@require_POST
@refusals_shown_on(request_detail)
def request_withdraw(request: AuthenticatedHttpRequest, pk):
    mentorship_request = selectors.get_request_for(request.user, pk)
    services.request_withdraw(request_id=mentorship_request.pk, by=request.user)
    messages.info(request, f"You withdrew your request to {mentorship_request.mentor.name}.")
    return redirect("home")


# The mentorship page --------------------------------------------------------------


def _render_detail(request, mentorship, *, status=200, transition_form=None):
    goals = rules.current_goals(mentorship)
    return render(
        request,
        "mentorships/detail.html",
        {
            "mentorship": mentorship,
            "role": mentorship.role_of(request.user),
            "other": mentorship.other_person(request.user),
            "contract": mentorship.current_contract,
            "goals": goals,
            "next_steps": rules.next_steps(mentorship, request.user),
            "transition_options": rules.transition_options(mentorship, request.user),
            "transition_form": transition_form,
            "stages": rules.STAGE_ORDER,
            "relationship_form": RelationshipForm(
                initial={
                    "relationship": mentorship.proposed_relationship
                    or mentorship.relationship
                    or "peers",
                    "checkin_rhythm": mentorship.proposed_checkin_rhythm
                    or mentorship.checkin_rhythm
                    or "quarterly",
                }
            ),
            "feedback_occasion": services.feedback_occasion(mentorship),
            "my_feedback": next(
                (
                    feedback
                    for feedback in mentorship.my_feedback
                    if feedback.cycle == mentorship.cycle
                    and feedback.occasion == services.feedback_occasion(mentorship)
                ),
                None,
            ),
            "cycles": rules.cycle_records(mentorship, request.user),
            **panels.page_context(mentorship, request.user),
        },
        status=status,
    )


@login_required
def mentorship_detail(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.mentorship_for_page(request.user, pk)
    return _render_detail(request, mentorship)


@login_required
@require_POST
def mentorship_transition(request: AuthenticatedHttpRequest, pk):
    # The whole page (every panel) is read only when it is shown again, with the form's errors.
    mentorship = selectors.get_mentorship_for(request.user, pk)
    form = TransitionForm(request.POST, goals=rules.current_goals(mentorship))
    if form.is_valid():
        to = form.cleaned_data["to"]
        left = rules.left_unfinished(mentorship, to)
        if (
            left
            and not form.cleaned_data["confirmed"]
            and not rules.missing_for(
                mentorship, to, by=request.user, note=form.cleaned_data["note"]
            )
        ):
            # A step of its own, so that it works without JavaScript: what is left, then confirm.
            return render(
                request,
                "mentorships/transition_confirm.html",
                {"mentorship": mentorship, "form": form, "left": left, "to": Stage(to)},
            )
        with refusals_shown_in(form):
            mentorship = services.transition(
                mentorship=mentorship,
                to=form.cleaned_data["to"],
                by=request.user,
                note=form.cleaned_data["note"],
                reopen_goal_ids=form.cleaned_data["reopen_goals"],
                relationship=form.cleaned_data["relationship"],
                checkin_rhythm=form.cleaned_data["checkin_rhythm"],
                confirmed=form.cleaned_data["confirmed"],
            )
            messages.success(request, f"The mentorship is now in {mentorship.get_stage_display()}.")
            return redirect(mentorship)
    mentorship = selectors.mentorship_for_page(request.user, pk)  # as it is now
    return _render_detail(request, mentorship, status=form_status(form), transition_form=form)


@login_required
def mentorship_end(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_in(form):
            services.mentorship_end(
                mentorship=mentorship, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.info(request, "The mentorship has ended. Its record stays readable.")
            return redirect(mentorship)
    return render(
        request,
        "mentorships/end.html",
        {"mentorship": mentorship, "form": form},
        status=form_status(form) if form.errors else 200,
    )


# The contract --------------------------------------------------------------


def _goal_initial(goals) -> list[dict]:
    return [
        {
            "id": goal.pk,
            "title": goal.title,
            "success_criterion": goal.success_criterion,
            "target_date": goal.target_date,
        }
        for goal in goals
    ]


def _contract_forms_with_another_goal(data, minimum: int):
    """The contract forms unbound, holding what was typed, with one more empty goal row."""
    typed = ContractForm(data)
    form = ContractForm(initial={name: typed[name].value() for name in typed.fields})
    rows = GoalFormSet(data, prefix="goals", minimum=minimum).rows_as_typed()
    note = ""
    if len(rows) < rules.GOALS_MAX:
        rows.append({})
    else:
        note = f"A contract holds at most {rules.GOALS_MAX} goals: remove one to add another."
    goal_formset = GoalFormSet(prefix="goals", initial=rows, minimum=minimum)
    if not note:
        goal_formset.forms[-1].fields["title"].widget.attrs["autofocus"] = True
    return form, goal_formset, note


@login_required
def contract_edit(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    contract = mentorship.current_contract
    goals = rules.current_goals(mentorship)
    minimum = rules.goals_minimum(mentorship)
    template_name = "mentorships/contract_edit.html"
    added_note = ""
    if (
        request.method == "POST"
        and "add_goal" in request.POST
        and rules.contract_editable(mentorship)
    ):
        # "Add a goal": the form again as typed, with one more row; nothing is saved.
        form, goal_formset, added_note = _contract_forms_with_another_goal(request.POST, minimum)
        version = posted_number(request, "version") or 0
        status = 200
        if request.htmx:
            template_name += "#goals"
    elif request.method == "POST":
        form = ContractForm(request.POST)
        goal_formset = GoalFormSet(
            request.POST,
            prefix="goals",
            minimum=minimum,
            kept_goal_ids=rules.goals_with_progress(mentorship),
        )
        version = posted_number(request, "version") or 0
        if form.is_valid() and goal_formset.is_valid():
            with refusals_shown_in(form):
                services.contract_update(
                    mentorship=mentorship,
                    by=request.user,
                    expected_version=version,
                    goals=goal_formset.goals(),
                    **form.cleaned_data,
                )
                messages.success(
                    request,
                    "Contract saved. Each of you now reads it and agrees to this version.",
                )
                return redirect(mentorship)
        status = form_status(form)
    else:
        form = ContractForm(
            initial={
                "ground_rules": contract.ground_rules,
                "meeting_cadence": contract.meeting_cadence,
                "communication_methods": contract.communication_methods,
                "review_date": contract.review_date,
            }
        )
        # The rows a first contract needs at least, more with "Add a goal".
        initial = _goal_initial(goals)
        initial += [{}] * (rules.GOALS_MIN - len(initial))
        goal_formset = GoalFormSet(prefix="goals", initial=initial, minimum=minimum)
        version = contract.version
        status = 200
    return render(
        request,
        template_name,
        {
            "mentorship": mentorship,
            "contract": contract,
            "form": form,
            "goal_formset": goal_formset,
            "goals_max": rules.GOALS_MAX,
            "added_note": added_note,
            "version": version,
            "editable": rules.contract_editable(mentorship),
        },
        status=status,
    )


@login_required
@require_POST
@refusals_shown_on(mentorship_detail)
def contract_agree(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    contract = services.contract_agree(
        mentorship=mentorship, by=request.user, version=posted_number(request, "version") or 0
    )
    if contract.is_agreed_by_both:
        messages.success(request, "You both agreed to the contract.")
    else:
        messages.success(
            request,
            f"You agreed. Waiting for {mentorship.other_person(request.user).name}.",
        )
    return redirect(mentorship)


@login_required
def contract_version(request: AuthenticatedHttpRequest, pk, cycle: int, version: int):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    contract = get_object_or_404(
        Contract.objects.select_related("created_by"),
        mentorship=mentorship,
        cycle=cycle,
        version=version,
    )
    versions = Contract.objects.filter(mentorship=mentorship).only(
        "cycle", "version", "created_at", "mentor_agreed_at", "mentee_agreed_at"
    )
    return render(
        request,
        "mentorships/contract_version.html",
        {"mentorship": mentorship, "contract": contract, "versions": versions},
    )


# Goals and the Separation review --------------------------------------------------------------


def _asked_cycle(request, mentorship) -> int:
    """The cycle a page is about: `cycle` in the form or the query string, else the current
    one; a number beyond the mentorship's cycles is refused (400) with the reason."""
    cycle = None
    if request.method == "POST":
        cycle = posted_number(request, "cycle", maximum=mentorship.cycle)
    if cycle is None:
        cycle = query_number(request, "cycle", maximum=mentorship.cycle)
    return cycle or mentorship.cycle


@login_required
@require_POST
@refusals_shown_on(mentorship_detail)
def goal_status(request: AuthenticatedHttpRequest, pk, goal_id: int):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    selectors.get_current_goal(mentorship, goal_id)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(mentorship)
    goal = services.goal_set_status(
        mentorship=mentorship, goal_id=goal_id, by=request.user, **form.cleaned_data
    )
    state = "achieved" if goal.is_achieved else "open again"
    messages.success(request, f"“{goal.title}” is {state}.")
    return redirect(mentorship)


@login_required
def separation_review(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.mentorship_for_page(request.user, pk)
    cycle = _asked_cycle(request, mentorship)
    if not rules.has_cycle_record(mentorship, cycle):
        messages.info(request, f"Cycle {cycle} has no separation review: it never reached it.")
        return redirect(mentorship)
    is_current = cycle == mentorship.cycle
    goals = [goal for goal in mentorship.goals.all() if goal.cycle == cycle]
    rows = []
    for goal in goals:
        mine = next((a for a in goal.acknowledgements.all() if a.user_id == request.user.pk), None)
        theirs = next(
            (a for a in goal.acknowledgements.all() if a.user_id != request.user.pk), None
        )
        initial = {"outcome": mine.outcome, "note": mine.note} if mine else None
        rows.append(
            {
                "goal": goal,
                "mine": mine,
                "theirs": theirs,
                "form": AcknowledgementForm(initial=initial, prefix=f"goal-{goal.pk}"),
            }
        )
    status = 200
    if request.method == "POST":
        if not is_current:
            return redirect(f"{reverse('separation_review', args=[pk])}?cycle={cycle}")
        goal_id = posted_number(request, "goal")
        if goal_id is None:
            return redirect("separation_review", pk=pk)
        row = next((row for row in rows if row["goal"].pk == goal_id), None)
        if row is None:
            raise Http404("No goal of this cycle found.")
        row["form"] = form = AcknowledgementForm(request.POST, prefix=f"goal-{goal_id}")
        if form.is_valid():
            with refusals_shown_in(form):
                row["mine"] = services.goal_acknowledge(
                    mentorship=mentorship, goal_id=goal_id, by=request.user, **form.cleaned_data
                )
                if not request.htmx:
                    # Back to the same goal, not the top of the page.
                    messages.success(request, f"Acknowledged: “{row['goal'].title}”.")
                    return redirect(reverse("separation_review", args=[pk]) + f"#goal-{goal_id}")
                row["saved"] = True
        if not row.get("saved"):
            status = form_status(form)
        if request.htmx:
            # Only this goal's row changes: the rest of the page stays where it is.
            return render(
                request,
                "mentorships/review.html#goal_row",
                {
                    "row": row,
                    "other": mentorship.other_person(request.user),
                    "can_acknowledge": rules.review_open(mentorship),
                },
                status=status,
            )
    return render(
        request,
        "mentorships/review.html",
        {
            "mentorship": mentorship,
            "rows": rows,
            "other": mentorship.other_person(request.user),
            "can_acknowledge": is_current and rules.review_open(mentorship),
            "cycle": cycle,
            "is_current": is_current,
            "compare_roadmap": is_current,
        },
        status=status,
    )


# Pauses, the shape of Redefinition, exit feedback --------------------------------------


@login_required
def mentorship_pause(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_in(form):
            services.mentorship_pause(mentorship=mentorship, by=request.user, **form.cleaned_data)
            messages.info(request, "The mentorship is paused. Reminders stop until you resume.")
            return redirect(mentorship)
    return render(
        request,
        "mentorships/pause.html",
        {"mentorship": mentorship, "form": form},
        status=form_status(form) if form.errors else 200,
    )


@login_required
@require_POST
@refusals_shown_on(mentorship_detail)
def mentorship_resume(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    services.mentorship_resume(mentorship=mentorship, by=request.user)
    messages.success(request, "Welcome back: the mentorship is running again.")
    return redirect(mentorship)


@login_required
@require_POST
@refusals_shown_on(mentorship_detail)
def relationship_edit(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    if "confirm" in request.POST:
        # The proposal as the page showed it: confirmed only if it still stands.
        mentorship = services.relationship_confirm(
            mentorship=mentorship,
            by=request.user,
            proposed_relationship=request.POST.get("proposed_relationship", ""),
            proposed_checkin_rhythm=request.POST.get("proposed_checkin_rhythm", ""),
            proposed_at=request.POST.get("proposed_at", ""),
        )
        messages.success(
            request,
            f"Confirmed: {mentorship.get_relationship_display()}, check in "
            f"{mentorship.get_checkin_rhythm_display().lower()}.",
        )
        return redirect(mentorship)
    form = RelationshipForm(request.POST)
    if form.is_valid():
        mentorship = services.relationship_update(
            mentorship=mentorship, by=request.user, **form.cleaned_data
        )
        if mentorship.has_proposal:
            messages.success(
                request,
                f"Proposed. {mentorship.other_person(request.user).name} confirms it or "
                "proposes something else.",
            )
        else:
            messages.success(request, "Confirmed: you both chose the same.")
    else:
        messages.error(request, "Choose a relationship and a check-in rhythm.")
    return redirect(mentorship)


@login_required
def exit_feedback(request: AuthenticatedHttpRequest, pk):
    mentorship = selectors.get_mentorship_for(request.user, pk)
    cycle = _asked_cycle(request, mentorship)
    given = selectors.feedback_given(request.user, mentorship, cycle)
    form = ExitFeedbackForm(request.POST or None)
    if request.method == "POST" and given is None and form.is_valid():
        with refusals_shown_in(form):
            services.exit_feedback_give(
                mentorship=mentorship, by=request.user, cycle=cycle, **form.cleaned_data
            )
            messages.success(request, "Thank you. Only you and the program admins can read it.")
            return redirect(mentorship)
    return render(
        request,
        "mentorships/exit_feedback.html",
        {
            "mentorship": mentorship,
            "form": form,
            "other": mentorship.other_person(request.user),
            "occasion": services.feedback_occasion(mentorship, cycle),
            "cycle": cycle,
            "given": given,
        },
        status=form_status(form) if form.errors else 200,
    )
