"""The domain errors, and the one place that turns them into answers.

A service refuses an action by raising one of three errors with the reasons in words for the
person, e.g. `raise Conflict("The mentorship is paused: resume it before changing stage.")`:

- `NotAllowed` (403): the person takes part, but not in the role the action needs;
- `Conflict` (409): the action does not fit how things are now (ended, already done, changed by
  the other person meanwhile, a step still missing);
- `Invalid` (400): what was entered can't be used (empty, too long, a date in the past).

Views never catch them. A refusal is shown in one of two ways, both defined here:

- by `RefusalMiddleware`, for any view: the answer has the refusal's status and shows its
  reasons on the page the view names with `@refusals_shown_on(page)` (rendered as it is now,
  as for a GET; an htmx request gets the page's partial, so the page must answer htmx with the
  partial the action targets), or else on a small page of its own; an htmx request to a view
  without a page gets a small fragment put at the top of its target;
- by `refusals_shown_in(form)`, for a view that shows its form again with what was typed: the
  reasons become the form's errors and `form_status(form)` is the status to render it with.

    @refusals_shown_on(roadmap_detail)
    def milestone_delete(request, pk, milestone_id):
        services.milestone_delete(...)           # a refusal: the roadmap, with the reason

    with refusals_shown_in(form):
        services.contract_update(...)
        return redirect(mentorship)
    return render(request, template, {"form": form}, status=form_status(form))
"""

import copy
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import reswap


class DomainError(Exception):
    """A rule refused the action. The reasons say why, in words for the person."""

    status = 400
    title = "That didn't go through"

    def __init__(self, *reasons: str):
        self.reasons = list(reasons)
        super().__init__(" ".join(reasons))


class NotAllowed(DomainError):
    """The person takes part, but not in the role the action needs."""

    status = 403
    title = "Not allowed"


class Conflict(DomainError):
    """The action does not fit how things are now."""

    status = 409
    title = "Not possible right now"


class Invalid(DomainError):
    """What was entered can't be used."""

    status = 400
    title = "Something to correct"


# Pages ---------------------------------------------------------------------------------


def refusals_shown_on(page: Callable) -> Callable:
    """Name the page that shows the refusals of the decorated view: a view that takes some of
    the decorated view's URL arguments (`mentorship_detail` for an action on a mentorship)."""

    def decorator(view: Callable) -> Callable:
        view.refusals_page = page  # kept by the decorators above it (functools.wraps)
        return view

    return decorator


class RefusalMiddleware:
    """Answers every domain error a view lets through (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DomainError):
            return refusal_response(request, exception)
        return None


def refusal_response(request: HttpRequest, refusal: DomainError) -> HttpResponse:
    request.refusal = refusal  # for templates, through the `refusal` context processor
    match = request.resolver_match
    page = getattr(match.func, "refusals_page", None) if match else None
    if page is not None:
        response = page(_as_get(request), **_arguments_for(page, match.kwargs))
    elif request.htmx and not request.htmx.boosted:
        # At the top of the target, which stays as it is (and keeps what was typed in it).
        response = reswap(render(request, "includes/refusal.html"), "afterbegin")
    else:
        response = render(request, "refused.html", {"back_url": _back_url(request)})
    response.status_code = refusal.status
    return response


def _as_get(request: HttpRequest) -> HttpRequest:
    """The request as a GET: the page shows things as they are now, and a page that handles
    its own form does not take the refused POST for its own."""
    page_request = copy.copy(request)
    page_request.method = "GET"
    return page_request


def _arguments_for(page: Callable, kwargs: dict) -> dict:
    parameters = inspect.signature(page).parameters  # of the view under its decorators
    return {name: value for name, value in kwargs.items() if name in parameters}


def _back_url(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")


def refusal(request: HttpRequest) -> dict:
    """Context processor: the refusal being answered, for base.html and the partials."""
    return {"refusal": getattr(request, "refusal", None)}


# Forms ---------------------------------------------------------------------------------


@contextmanager
def refusals_shown_in(form: forms.Form) -> Iterator[None]:
    """Around a service call whose form is shown again when it is refused: the reasons become
    the form's errors (what was typed stays in it), and the code after the block runs."""
    try:
        yield
    except DomainError as error:
        for reason in error.reasons:
            form.add_error(None, reason)
        form.refusal = error


def form_status(form: forms.Form) -> int:
    """The status to show a form again with: the refusal's own, or 400 for bad input."""
    refused = getattr(form, "refusal", None)
    return refused.status if refused is not None else 400
