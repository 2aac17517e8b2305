from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from menteo.errors import form_status, refusals_shown_in
from menteo.http import (
    AuthenticatedHttpRequest,
    HtmxHttpRequest,
    confirm_delete_page,
    delete_confirmed,
)
from menteo.params import query_number
from mentorships import rules
from mentorships import selectors as mentorship_selectors
from mentorships.models import StageTransition
from threads import selectors, services
from threads.forms import CommentForm, FeedFilterForm, JourneyPostsForm, PostForm, PreviewForm
from threads.models import Post

PAGE_SIZE = 20


def _own_post(request, post_id) -> Post:
    """The author's post; 403 for someone who may read it, 404 for everyone else."""
    try:
        return selectors.get_own_post(request.user, post_id)
    except Http404:
        selectors.get_post_for(request.user, post_id)  # 404 unless they may read it
        raise PermissionDenied("Only the author can change this post.") from None


def _mark_commentable(posts, user) -> None:
    for post in posts:
        post.can_comment = services.may_comment_on(user, post)


# The journal of a mentorship, and one's own -------------------------------------------


@login_required
def mentorship_thread(request: AuthenticatedHttpRequest, pk):
    mentorship = mentorship_selectors.get_mentorship_for(request.user, pk)
    posts = selectors.with_comments(selectors.mentorship_thread_posts(request.user, mentorship))
    page = Paginator(posts, PAGE_SIZE).get_page(query_number(request, "page"))
    _mark_commentable(page, request.user)
    return render(
        request,
        "threads/thread.html",
        {
            "mentorship": mentorship,
            "page": page,
            "may_write": services.may_write_in(request.user, mentorship),
            "comment_form": CommentForm(),
        },
    )


@login_required
def journal(request: AuthenticatedHttpRequest):
    posts = selectors.with_comments(selectors.personal_thread_posts(request.user))
    page = Paginator(posts, PAGE_SIZE).get_page(query_number(request, "page"))
    _mark_commentable(page, request.user)
    return render(
        request,
        "threads/thread.html",
        {"mentorship": None, "page": page, "may_write": True, "comment_form": CommentForm()},
    )


def _post_form_page(request, *, form, mentorship, post=None, preview=None, status=200):
    return render(
        request,
        "threads/post_form.html",
        {"form": form, "mentorship": mentorship, "post": post, "preview": preview},
        status=status,
    )


def _thread_url(mentorship) -> str:
    if mentorship is None:
        return reverse("journal")
    return reverse("mentorship_thread", args=[mentorship.pk])


def _write(request, *, mentorship, post: Post | None):
    """The post form: publish, save a draft, or (without JavaScript) preview."""
    if post is None and not services.may_write_in(request.user, mentorship):
        if mentorship is not None and request.user.pk == mentorship.mentor_id:
            raise PermissionDenied("The thread is your mentee's journal: comment on their posts.")
        messages.error(request, "This mentorship has ended: its thread can be read, not added to.")
        return redirect(_thread_url(mentorship))
    initial = PostForm.initial_from(post) if post else None
    form = PostForm(request.POST or None, mentorship=mentorship, initial=initial)
    if request.method != "POST":
        return _post_form_page(request, form=form, mentorship=mentorship, post=post)
    action = request.POST.get("action", "publish")
    if action == "preview":
        return _post_form_page(
            request,
            form=form,
            mentorship=mentorship,
            post=post,
            preview=request.POST.get("body", ""),
        )
    if not form.is_valid():
        return _post_form_page(request, form=form, mentorship=mentorship, post=post, status=400)
    fields = dict(form.cleaned_data)
    with refusals_shown_in(form):
        if post is None:
            post = services.post_create(
                author=request.user,
                mentorship=mentorship,
                publish=action != "draft",
                **fields,
            )
        else:
            post = services.post_update(
                post=post, by=request.user, publish=action != "draft", **fields
            )
        if post.is_draft:
            messages.info(request, "Saved as a draft: only you can see it.")
        else:
            messages.success(
                request, f"“{post.title}” is posted ({post.get_visibility_display()})."
            )
        return redirect(post)
    return _post_form_page(
        request, form=form, mentorship=mentorship, post=post, status=form_status(form)
    )


@login_required
def post_create(request: AuthenticatedHttpRequest, pk):
    mentorship = mentorship_selectors.get_mentorship_for(request.user, pk)
    return _write(request, mentorship=mentorship, post=None)


@login_required
def journal_post_create(request: AuthenticatedHttpRequest):
    return _write(request, mentorship=None, post=None)


@login_required
def post_edit(request: AuthenticatedHttpRequest, post_id):
    post = _own_post(request, post_id)
    return _write(request, mentorship=post.mentorship, post=post)


@login_required
@require_POST
def post_delete(request: AuthenticatedHttpRequest, post_id):
    post = _own_post(request, post_id)
    mentorship = post.mentorship
    if not delete_confirmed(request):
        return confirm_delete_page(
            request,
            question=f"Delete “{post.title}”?",
            detail="The post and its comments go for good. This can't be undone.",
            button="Delete this post",
            cancel_url=reverse("post_edit", args=[post.pk]),
        )
    services.post_delete(post=post, by=request.user)
    messages.info(request, f"“{post.title}” is deleted.")
    return redirect(_thread_url(mentorship))


@login_required
@require_POST
def post_preview(request: AuthenticatedHttpRequest):
    """The live preview of the post form (htmx); the form's own Preview button works without."""
    form = PreviewForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return render(request, "threads/post_form.html#preview", {"preview": body})


# Reading a post and giving feedback ----------------------------------------------------


def post_detail(request: HtmxHttpRequest, post_id):
    """Public posts are readable by anyone; others only by whom the rule allows.

    A visitor who is not signed in is asked to log in for anything not public, whether or not
    it exists, so the answer tells nothing about private posts.
    """
    try:
        post = selectors.get_post_for(request.user, post_id)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    post.can_comment = services.may_comment_on(request.user, post)
    return render(
        request,
        "threads/post_detail.html",
        {
            "post": post,
            "comment_form": CommentForm(),
            "shows_comments": _shows_comments(request, post),
            "comment_open": True,  # one post: its box is open; a thread shows a button a post
            "shows_pair_context": selectors.reads_as_pair(request.user, post),
        },
    )


def _shows_comments(request, post: Post) -> bool:
    """Feedback is between the author and the mentor, even on a public post."""
    return selectors.reads_as_pair(request.user, post)


@login_required
@require_POST
def comment_create(request: AuthenticatedHttpRequest, post_id):
    post = selectors.get_post_for(request.user, post_id)
    # Refused first (a 403, menteo.errors): an answer with form errors shows the comments.
    services.ensure_may_comment(request.user, post)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_create(post=post, author=request.user, **form.cleaned_data)
        form = CommentForm()
        if not request.htmx:
            messages.success(request, "Your comment is posted.")
    # Past the refusal above, the person may comment, so they see the comments too.
    if request.htmx:
        post = selectors.get_post_for(request.user, post_id)
        post.can_comment = True
        return render(
            request, "threads/post_detail.html#comments", {"post": post, "comment_form": form}
        )
    if form.errors:
        post.can_comment = True
        return render(
            request,
            "threads/post_detail.html",
            {
                "post": post,
                "comment_form": form,
                "shows_comments": True,
                "shows_pair_context": True,
            },
            status=400,
        )
    return redirect(post.get_absolute_url() + "#comments")


# Public pages ------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def public_feed(request: HtmxHttpRequest):
    form = FeedFilterForm(request.GET or None)
    kind = query = ""
    if form.is_valid():
        kind, query = form.cleaned_data["kind"], form.cleaned_data["q"]
    page = Paginator(selectors.public_posts(kind=kind, query=query), PAGE_SIZE).get_page(
        query_number(request, "page")
    )
    template = "threads/feed.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, {"form": form, "page": page, "kind": kind, "query": query})


def public_profile(request: HtmxHttpRequest, username: str):
    person = selectors.get_public_person(username)
    page = Paginator(selectors.public_posts_of(person), PAGE_SIZE).get_page(
        query_number(request, "page")
    )
    return render(request, "threads/public_profile.html", {"person": person, "page": page})


# The journey record --------------------------------------------------------------------


@login_required
def journey_record(request: AuthenticatedHttpRequest, pk):
    mentorship = mentorship_selectors.get_mentorship_for(request.user, pk)
    # Each cycle's record is found in the history: read it once, however many cycles.
    prefetch_related_objects(
        [mentorship], Prefetch("transitions", queryset=StageTransition.objects.select_related("by"))
    )
    cycle = query_number(request, "cycle", maximum=mentorship.cycle) or (
        rules.latest_recorded_cycle(mentorship)
    )
    if cycle is None or not rules.has_cycle_record(mentorship, cycle):
        messages.info(
            request, "A cycle's journey record opens when the mentorship reaches Separation."
        )
        return redirect(mentorship)
    is_mentee = request.user.pk == mentorship.mentee_id
    form = None
    if is_mentee:
        form = JourneyPostsForm(
            request.POST or None,
            mentorship=mentorship,
            mentee=request.user,
            initial={"posts": selectors.journey_post_ids(mentorship)},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("The mentee chooses the posts of the journey record.")
        if form.is_valid():
            with refusals_shown_in(form):
                count = services.journey_choose_posts(
                    mentorship=mentorship,
                    by=request.user,
                    post_ids=[post.pk for post in form.cleaned_data["posts"]],
                )
                messages.success(
                    request, f"The journey record includes {count} post{pluralize(count)}."
                )
                return redirect(f"{reverse('journey_record', args=[mentorship.pk])}?cycle={cycle}")
    record = selectors.journey_record(request.user, mentorship, cycle)
    return render(
        request,
        "threads/journey.html",
        {"mentorship": mentorship, "form": form, **record},
        status=form_status(form) if form is not None and form.errors else 200,
    )
