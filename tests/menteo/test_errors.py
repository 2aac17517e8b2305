"""One error vocabulary (menteo/errors.py): each domain error answers with its status and its
reasons, on the page a view names, on a page of its own, or in the htmx target; and no view
catches one by hand."""

import ast
import builtins
import importlib
import json
import re
from pathlib import Path

import pytest
from django import forms
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path, reverse

from menteo import urls as menteo_urls
from menteo.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotAllowed,
    form_status,
    refusals_shown_in,
    refusals_shown_on,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

ERRORS = {"not-allowed": NotAllowed, "conflict": Conflict, "invalid": Invalid}
STATUSES = [("not-allowed", 403), ("conflict", 409), ("invalid", 400)]
STATUSES = [("not-allowed", 403), ("conflict", 409), ("invalid", 400)]
HTMX = {"HTTP_HX_REQUEST": "true"}


def the_page(request, number):
    """A page that shows the refusal being answered, as every page does through base.html."""
    template = Template(
        "Page {{ number }} ({{ method }}){% for reason in refusal.reasons %} · {{ reason }}"
        "{% endfor %}"
    )
    context = RequestContext(request, {"number": number, "method": request.method})
    return HttpResponse(template.render(context))


def refuse(request, kind, number):
    raise ERRORS[kind](f"Refused as {kind}.", "A second reason.")


@refusals_shown_on(the_page)
def refuse_on_the_page(request, kind, number):
    raise ERRORS[kind](f"Refused as {kind}.", "A second reason.")


def fail(request):
    raise ValueError("not a refusal")


urlpatterns = [
    *menteo_urls.urlpatterns,
    path("test/page/<int:number>/", the_page, name="the_page"),
    path("test/refuse/<str:kind>/<int:number>/", refuse, name="refuse"),
    path("test/refuse-on-page/<str:kind>/<int:number>/", refuse_on_the_page, name="on_page"),
    path("test/fail/", fail, name="fail"),
]


@pytest.fixture
def logged_in(client):
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize(("kind", "status"), STATUSES)
def test_it_answers_each_error_with_its_status_and_its_reasons(logged_in, kind, status):
    response = logged_in.post(reverse("refuse", args=[kind, 7]))
    assert response.status_code == status
    html = response.content.decode()
    assert "<html" in html  # a whole page: the person is not left with a blank one
    assert f"Refused as {kind}." in html and "A second reason." in html
    assert ERRORS[kind].title in html


@pytest.mark.parametrize(("kind", "status"), STATUSES)
def test_it_shows_the_reasons_on_the_page_the_view_names(logged_in, kind, status):
    response = logged_in.post(reverse("on_page", args=[kind, 7]))
    assert response.status_code == status
    assert response.content.decode() == (
        f"Page 7 (GET) · Refused as {kind}. · A second reason."  # as it is now, not the POST
    )


@pytest.mark.parametrize(("kind", "status"), STATUSES)
def test_htmx_gets_the_reasons_at_the_top_of_its_target(logged_in, kind, status):
    response = logged_in.post(reverse("refuse", args=[kind, 7]), **HTMX)
    assert response.status_code == status
    html = response.content.decode()
    assert "<html" not in html
    assert 'role="alert"' in html
    assert f"Refused as {kind}." in html and "A second reason." in html
    assert response["HX-Reswap"] == "afterbegin"  # what the target holds stays


def test_htmx_gets_the_page_the_view_names_which_answers_with_its_partial(logged_in):
    response = logged_in.post(reverse("on_page", args=["conflict", 7]), **HTMX)
    assert response.status_code == 409
    assert response.content.decode() == "Page 7 (GET) · Refused as conflict. · A second reason."


def test_the_page_of_its_own_leads_back_where_the_person_came_from(logged_in):
    url = reverse("refuse", args=["conflict", 7])
    back = "http://testserver/test/page/7/"
    html = logged_in.post(url, HTTP_REFERER=back).content.decode()
    assert f'href="{back}"' in html
    html = logged_in.post(url, HTTP_REFERER="https://elsewhere.example/").content.decode()
    assert "elsewhere" not in html and f'href="{reverse("home")}"' in html


def test_other_exceptions_are_not_refusals(logged_in):
    with pytest.raises(ValueError, match="not a refusal"):
        logged_in.get(reverse("fail"))


def test_htmx_swaps_the_statuses_refusals_answer_with(client):
    """htmx swaps only 2xx by default: base.html's config lets refusals and forms with errors
    show where the person acted (matched as htmx does, by the first matching code)."""
    html = client.get(reverse("home")).content.decode()
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", html).group(1))

    def swaps(status: int) -> bool:
        rule = next(r for r in config["responseHandling"] if re.search(r["code"], str(status)))
        return rule["swap"]

    assert all(swaps(status) for status in (200, 400, 403, 409, 429))
    assert not any(swaps(status) for status in (204, 404, 500, 502))


# Forms: the reasons next to what was typed ------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField()


@pytest.mark.parametrize("error", [NotAllowed, Conflict, Invalid])
def test_a_form_shows_the_reasons_and_keeps_what_was_typed(error):
    form = NoteForm({"note": "Carefully written"})
    assert form.is_valid()
    with refusals_shown_in(form):
        raise error("First reason.", "Second reason.")
    assert form.non_field_errors() == ["First reason.", "Second reason."]
    assert form["note"].value() == "Carefully written"
    assert form_status(form) == error.status


def test_a_form_refused_by_its_own_checks_is_a_400():
    form = NoteForm({"note": ""})
    assert not form.is_valid()
    assert form_status(form) == 400


def test_a_form_lets_other_exceptions_through():
    form = NoteForm({"note": "x"})
    form.is_valid()
    with pytest.raises(ValueError), refusals_shown_in(form):
        raise ValueError("a bug, not a refusal")


# No view catches a domain error by hand ----------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
VIEWS = sorted(p for p in ROOT.glob("*/views.py") if p.parent.name != ".venv")


def _caught(handler: ast.ExceptHandler) -> list[ast.expr]:
    if handler.type is None:
        return []
    return list(handler.type.elts) if isinstance(handler.type, ast.Tuple) else [handler.type]


def _resolve(module, node: ast.expr):
    """The class an `except` names, looked up in the module as Python would."""
    if isinstance(node, ast.Name):
        return getattr(module, node.id, None) or getattr(builtins, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _resolve(module, node.value)
        return getattr(owner, node.attr, None)
    return None


def test_there_are_views_to_check():
    assert {p.parent.name for p in VIEWS} >= {"mentorships", "roadmaps", "rooms", "threads"}


@pytest.mark.parametrize("views", VIEWS, ids=lambda p: f"{p.parent.name}/views.py")
def test_no_view_catches_a_domain_error_by_hand(views):
    """A view that catches one would answer it its own way: menteo.errors answers them all.
    (`except Exception` would catch them too, so it counts.)"""
    module = importlib.import_module(f"{views.parent.name}.views")
    tree = ast.parse(views.read_text())
    hand_caught = []
    for handler in (node for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler)):
        if handler.type is None:
            hand_caught.append(f"line {handler.lineno}: a bare except")
        for node in _caught(handler):
            caught = _resolve(module, node)
            assert isinstance(caught, type), f"line {handler.lineno}: can't tell what it catches"
            if issubclass(caught, DomainError) or issubclass(DomainError, caught):
                hand_caught.append(f"line {handler.lineno}: except {ast.unparse(node)}")
    assert not hand_caught, "\n".join(hand_caught)
