"""Typed request for views, so the editor knows about `request.htmx`; the site's absolute
addresses."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    # Django's base class, not accounts.User: menteo/ knows no app (the project's user model
    # extends AbstractUser, so the editor still knows the usual fields).
    user: AbstractUser


# Absolute addresses --------------------------------------------------------------------------
# Links in emails and calendars, and the ids calendar apps and mail systems keep, come from
# SITE_URL only, never from the request's Host header: a page fetched through another allowed
# host name (an internal address, a second domain) must not change a link or an id.


def absolute_url(path: str) -> str:
    """The public address of a path of this site (`/m/3/` -> `https://menteo.example/m/3/`)."""
    return settings.SITE_URL + path


def site_domain() -> str:
    """The host name of SITE_URL, the right-hand side of calendar UIDs and Message-IDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def calendar_uid(kind: str, pk: object) -> str:
    """An event's UID: the kind, the object's id (a number or a UUID) and SITE_URL's host name,
    the same whichever host name the feed or the email was fetched through (a new UID is a
    duplicate in calendar apps)."""
    return f"{kind}-{pk}@{site_domain()}"


# Confirming a deletion -----------------------------------------------------------------------
# A delete form sends confirm=yes once the person has said yes: in a dialog with JavaScript
# (hx-confirm, or data-confirm in menteo.js), or on the page confirm_delete.html shows without
# it. A delete without it answers with that page and deletes nothing.


def delete_confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "yes"


def confirm_delete_page(
    request: HttpRequest, *, question: str, detail: str, button: str, cancel_url: str
) -> HttpResponse:
    return render(
        request,
        "confirm_delete.html",
        {
            "question": question,
            "detail": detail,
            "button": button,
            "cancel_url": cancel_url,
            "action": request.path,
        },
    )
