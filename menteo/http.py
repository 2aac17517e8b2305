"""Typed request for views, so the editor knows about `request.htmx`."""

from django.contrib.auth.models import AbstractUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    # Django's base class, not accounts.User: menteo/ knows no app (the project's user model
    # extends AbstractUser, so the editor still knows the usual fields).
    user: AbstractUser
