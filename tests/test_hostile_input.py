"""Bad input never breaks a page: every URL, every field, every hostile class.

For each URL of the access gate (tests/test_url_gate.py: its GATE table and `world`), a
participant sends what the view's form accepts (`posted`), with one field at a time replaced
by each hostile value of the field's kind, plain and htmx. The answer is never a 5xx; a 4xx
writes nothing; and whatever the answer, the hostile value is never stored. Path segments get
NUL bytes and control characters, which name nothing: 404.

The fields come from the form classes themselves (`INPUTS` names the forms each URL reads): a
field added to a form is covered at once. A URL without a row in INPUTS, a form of the project
that no row names, or a parameter a view reads by hand (`posted_number`, `request.GET.get`, …)
that no row lists fails the test.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from accounts.forms import DeleteAccountForm, ProfileForm, SignupForm
from meetings.forms import ActionForm, AgendaForm, MeetingForm, NotesForm, PlanForm
from menteo.forms import CheckedInput
from mentorships.forms import (
    AcknowledgementForm,
    ContractForm,
    DeclineForm,
    DirectoryForm,
    EndForm,
    ExitFeedbackForm,
    GoalForm,
    GoalStatusForm,
    MentorProfileForm,
    PauseForm,
    RelationshipForm,
    RequestForm,
    TransitionForm,
)
from notifications.forms import EmailPreferencesForm
from roadmaps.forms import ApplyTemplateForm, MilestoneForm, MilestoneStatusForm
from rooms.forms import MessageEditForm, MessageForm, SearchForm
from tests import test_url_gate
from tests.test_url_gate import (
    GATE,
    LOGIN,
    args_for,
    call,
    database_rows,
    participant_for,
    posted,
    tables_written_since,
)
from threads.forms import CommentForm, FeedFilterForm, JourneyPostsForm, PostForm, PreviewForm

pytestmark = pytest.mark.django_db

world = test_url_gate.world  # the fixture: the same world as the access gate

# The hostile classes, by the kind of field they are sent to.
NUMBERS = {
    "unicode digits": "١٢",
    "superscript": "²",
    "beyond 64 bits": "9" * 25,
    "a word": "twelve",
    "an exponent": "1e3",
    "negative": "-1",
    "NUL": "1\x00",
}
CONTROL = {
    "NUL": "Hostile\x00text",
    "form feed": "Hostile\x0ctext",
    "escape": "Hostile\x1b[31mtext",
}
NEWLINES = {"newline": "Hostile\r\nSubject: text", "line separator": "Hostile\u2028text"}
DATES = {"year 9999": "9999-12-31", "year 1": "0001-01-01", "NUL": "2030-01-01\x00"}
DATETIMES = {"year 9999": "9999-12-31T23:59", "year 1": "0001-01-01T00:00"}
PATHS = {"NUL": "\x00", "NUL inside": "a\x00b", "control": "a\x1bb", "newline": "a\nb"}


@dataclass(frozen=True)
class Inputs:
    """What a URL reads: forms (with their prefix, `{goal}` for the world's goal) and
    parameters read by hand, sent with the method of the row."""

    forms: tuple = ()  # (form class, prefix)
    numbers: tuple[str, ...] = ()  # parameters read as numbers
    words: tuple[str, ...] = ()  # parameters read as text (a choice, a cursor's day)
    method: str = "POST"


def reads(*form_classes, prefix: str = "", **kwargs) -> Inputs:
    return Inputs(forms=tuple((form, prefix) for form in form_classes), **kwargs)


PAGE = Inputs(numbers=("page",), method="GET")

INPUTS: dict[str, Inputs] = {
    "home": Inputs(method="GET"),
    "profile_edit": reads(ProfileForm),
    "your_data": reads(DeleteAccountForm),
    "data_export": Inputs(method="GET"),
    "mentor_directory": reads(DirectoryForm, numbers=("page",), method="GET"),
    "mentor_profile": reads(RequestForm),
    "mentor_profile_edit": reads(MentorProfileForm),
    "request_detail": Inputs(method="GET"),
    "request_accept": Inputs(),
    "request_decline": reads(DeclineForm),
    "request_withdraw": Inputs(),
    "mentorship_detail": Inputs(method="GET"),
    "mentorship_transition": reads(TransitionForm),
    "mentorship_end": reads(EndForm),
    "contract_edit": Inputs(
        forms=((ContractForm, ""), (GoalForm, "goals-0-")), numbers=("version",)
    ),
    "contract_agree": Inputs(numbers=("version",)),
    "contract_version": Inputs(method="GET"),
    "goal_status": reads(GoalStatusForm),
    "separation_review": reads(
        AcknowledgementForm, prefix="goal-{goal}-", numbers=("goal", "cycle")
    ),
    "mentorship_pause": reads(PauseForm),
    "mentorship_resume": Inputs(),
    "relationship_edit": reads(
        RelationshipForm,
        words=("proposed_relationship", "proposed_checkin_rhythm", "proposed_at"),
    ),
    "exit_feedback": reads(ExitFeedbackForm, numbers=("cycle",)),
    "notification_list": Inputs(method="GET"),
    "notification_read": Inputs(),
    "notification_read_all": Inputs(),
    "notification_settings": reads(EmailPreferencesForm),
    "notification_unsubscribe": Inputs(),
    "meeting_list": reads(PlanForm),
    "meeting_detail": Inputs(method="GET"),
    "meeting_edit": reads(MeetingForm),
    "meeting_cancel": Inputs(),
    "agenda_add": reads(AgendaForm),
    "agenda_remove": Inputs(),
    "meeting_notes": reads(NotesForm),
    "action_add": reads(ActionForm),
    "action_to_milestone": Inputs(),
    "meeting_ics": Inputs(method="GET"),
    "roadmap_template_library": Inputs(method="GET"),
    "roadmap_template_detail": Inputs(method="GET"),
    "calendar_settings": Inputs(),
    "calendar_feed": Inputs(method="GET"),
    "roadmap_detail": Inputs(method="GET"),
    "roadmap_apply_template": reads(ApplyTemplateForm),
    "milestone_add": reads(MilestoneForm),
    "milestone_edit": reads(MilestoneForm, prefix="edit-"),
    "milestone_delete": Inputs(),
    "milestone_status": reads(MilestoneStatusForm),  # read by hand, choices from the form
    "milestone_move": Inputs(words=("direction",)),
    "room_detail": Inputs(numbers=("before",), method="GET"),
    "room_poll": Inputs(numbers=("after", "revision"), words=("day", "token"), method="GET"),
    "message_post": reads(MessageForm),
    "room_mark_read": Inputs(numbers=("message_id",)),
    "message_edit": reads(MessageEditForm),
    "message_delete": Inputs(words=("confirm",)),
    "room_search": reads(SearchForm, method="GET"),
    "public_feed": reads(FeedFilterForm, numbers=("page",), method="GET"),
    "public_profile": PAGE,
    "public_profile_feed": Inputs(method="GET"),
    "journal": PAGE,
    "journal_post_create": reads(PostForm, words=("action",)),
    "post_preview": reads(PreviewForm),
    "mentorship_thread": PAGE,
    "post_create": reads(PostForm, words=("action",)),
    "journey_record": reads(JourneyPostsForm),
    "post_detail": Inputs(method="GET"),
    "post_edit": reads(PostForm, words=("action",)),
    "post_delete": Inputs(words=("confirm",)),
    "comment_create": reads(CommentForm),
}

# What a form needs besides what `posted` sends, for the hostile value to reach the checks.
VALID = {
    "profile_edit": {
        "display_name": "Alex Doe",
        "headline": "Engineer",
        "bio": "Hello",
        "timezone": "Europe/London",
    },
    "mentor_profile": {"focus_area": "skill", "focus": "Lead a team", "message": "Hello there"},
    "mentor_profile_edit": {"expertise": "Hiring", "capacity": "3", "is_accepting": "on"},
    "journal_post_create": {
        "title": "A new entry",
        "body": "It went well.",
        "kind": "reflection",
        "visibility": "private",
    },
    "post_preview": {"body": "Some text"},
}
# URLs whose valid form is not sent as it is, and why.
NOT_SENT_VALID = {"your_data": "a valid form deletes the account"}


# Forms behind URLs the gate leaves to their library (allauth's sign-up page): checked here
# by themselves.
FORMS_ELSEWHERE = {SignupForm}


# What the table must cover -----------------------------------------------------------------


def project_forms() -> set[type]:
    base = Path(settings.BASE_DIR).resolve()
    found = set()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != base:
            continue
        module = getattr(__import__(config.name, fromlist=["forms"]), "forms", None)
        for value in vars(module).values() if module else ():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.add(value)
    return found


def hand_read_parameters() -> set[str]:
    """The parameters the project reads without a form (the admin's own pages aside)."""
    base = Path(settings.BASE_DIR)
    pattern = re.compile(
        r"(?:posted_number|query_number)\(request, \"(\w+)\"|request\.(?:GET|POST)\.get\(\"(\w+)\""
    )
    names = set()
    for path in base.glob("*/*.py"):
        if path.name == "admin.py" or path.parent.name == "menteo":
            continue
        for match in pattern.finditer(path.read_text()):
            names.add(match.group(1) or match.group(2))
    return names


def test_every_url_has_a_row():
    assert set(INPUTS) == set(GATE), sorted(set(INPUTS) ^ set(GATE))


def test_every_form_of_the_project_is_read_by_a_row_and_checks_its_input():
    named = {form for inputs in INPUTS.values() for form, _ in inputs.forms} | FORMS_ELSEWHERE
    missing = {form.__name__ for form in project_forms() - named}
    assert not missing, f"name the URL that reads {sorted(missing)} in INPUTS"
    unchecked = {form.__name__ for form in project_forms() if not issubclass(form, CheckedInput)}
    assert not unchecked, f"put CheckedInput first among the bases of {sorted(unchecked)}"


def test_every_text_of_every_form_has_a_length():
    unbounded = [
        f"{form.__name__}.{name}"
        for form in project_forms()
        for name, form_field in form.base_fields.items()
        if isinstance(form_field, forms.CharField)
        and not isinstance(form_field, forms.UUIDField)
        and not isinstance(form_field.widget, forms.PasswordInput)  # hashed, never stored
        and form_field.max_length is None
    ]
    assert not unbounded, f"give {unbounded} a max_length"


def test_every_parameter_read_by_hand_is_listed():
    listed = {name for inputs in INPUTS.values() for name in (*inputs.numbers, *inputs.words)}
    # What a form also reads by hand (`posted` fills it): the post's body for a preview.
    listed |= {"body", "status"}
    missing = hand_read_parameters() - listed
    assert not missing, f"list {sorted(missing)} in INPUTS"


# The cases ---------------------------------------------------------------------------------


def hostile_values(form_field: forms.Field) -> dict[str, str]:
    """The hostile classes that fit a field's kind."""
    if isinstance(form_field, forms.DateTimeField):
        return DATETIMES
    if isinstance(form_field, forms.DateField):
        return DATES
    numeric = (
        isinstance(
            form_field, forms.IntegerField | forms.ModelChoiceField | forms.ModelMultipleChoiceField
        )
        or getattr(form_field, "coerce", None) is int
    )
    if numeric:
        return NUMBERS
    if isinstance(form_field, forms.BooleanField):
        return {}  # any value is "on"
    if isinstance(form_field, forms.CharField) and not isinstance(
        form_field.widget, forms.Textarea | forms.PasswordInput | forms.HiddenInput
    ):
        return {**CONTROL, **NEWLINES}
    if isinstance(form_field, forms.CharField | forms.ChoiceField):
        return CONTROL
    raise AssertionError(f"no hostile class for {type(form_field).__name__}")


def cases(name: str) -> list[tuple[str, str, str]]:
    """(parameter, hostile class, value) for the URL `name`; the numbers read by hand last."""
    inputs = INPUTS[name]
    found = []
    for form_class, prefix in inputs.forms:
        for field_name, form_field in form_class.base_fields.items():
            for label, value in hostile_values(form_field).items():
                found.append((prefix + field_name, label, value))
    for parameter in inputs.numbers:
        found += [(parameter, label, value) for label, value in NUMBERS.items()]
    for parameter in inputs.words:
        found += [(parameter, label, value) for label, value in CONTROL.items()]
    return found


def stored(value: str, rows: dict[str, list[tuple]]) -> list[str]:
    """The tables where a hostile text (or date) is kept."""
    needle = value.split("T")[0] if value[:4].isdigit() else value
    return [
        label
        for label, table in rows.items()
        if any(needle in str(cell) for row in table for cell in row)
    ]


def hostile_url_names() -> list[str]:
    return sorted(name for name in INPUTS if cases(name))


def actor_for(name: str, world, outsider):
    """Who may send the URL's form: the participant of the access gate, the other one where
    that one is in the wrong role, an outsider asking a mentor for mentoring."""
    if name == "mentor_profile":
        return outsider
    person = participant_for(name, world)
    if GATE[name].wrong_status("mentor", "POST") and person == world["people"]["mentor"]:
        return world["people"]["mentee"]
    return person


def rows_written() -> int | None:
    """What this transaction has inserted, updated or deleted so far (PostgreSQL counts it):
    one query, where comparing every table after each of the ~900 requests costs a minute."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables"
        )
        return cursor.fetchone()[0]


def send(client, method, url, data, headers, before):
    """One request, undone after: (status, the project's tables it changed, as they are)."""
    with transaction.atomic():
        counted = rows_written()
        status = call(client, method, url, data, **headers).status_code
        unchanged = status >= 500 or (counted is not None and rows_written() == counted)
        after = before if unchanged else database_rows()
        transaction.set_rollback(True)
    return status, {label: rows for label, rows in after.items() if rows != before[label]}


@pytest.mark.parametrize("name", hostile_url_names())
def test_no_hostile_field_breaks_a_page_or_is_stored(client, world, outsider, name):
    rule, inputs = GATE[name], INPUTS[name]
    client.force_login(actor_for(name, world, outsider))
    url = reverse(name, args=args_for(rule.target, world))
    method = inputs.method if inputs.method in rule.methods else "POST"
    goal = world["goal"].pk
    client.raise_request_exception = False  # a 500 is a finding, not the end of the test
    valid = posted(name, world) if method == "POST" else {}
    valid = {key.format(goal=goal): item for key, item in {**valid, **VALID.get(name, {})}.items()}
    before = database_rows()
    if name not in NOT_SENT_VALID:
        # So that a refusal below is the hostile value's, not the form's as a whole.
        status, _ = send(client, method, url, valid, {}, before)
        assert status < 400, ("the valid form is refused", status)
    failures = []
    for parameter, label, value in cases(name):
        data = {**valid, parameter.format(goal=goal): value}
        # A number read by hand is refused with its reason (menteo.params), whatever the rest.
        refused = 400 if parameter in inputs.numbers else None
        for headers in ({}, {"HX-Request": "true"}):
            status, written = send(client, method, url, data, headers, before)
            kept = stored(value, written) if value not in NUMBERS.values() else []
            wrong = refused is not None and status != refused
            if wrong or status >= 500 or (400 <= status < 500 and written) or kept:
                failures.append((parameter, label, bool(headers), status, sorted(written), kept))
    assert not failures


PATH_URLS = sorted(name for name, rule in GATE.items() if rule.target is not None)
# Open to anyone: the hostile path is tried logged out too (the others send to the login page).
PUBLIC_PATH_URLS = sorted(name for name in PATH_URLS if GATE[name].anonymous != LOGIN)


def hostile_paths(name: str, world):
    """(which argument, hostile class, URL) for each argument of the URL `name`."""
    args = args_for(GATE[name].target, world)
    url = reverse(name, args=args)
    for position, argument in enumerate(args):
        for label, value in {**PATHS, "beyond 64 bits": "9" * 25}.items():
            as_in_url = quote(str(argument), safe="!$&'()*+,;=/~:@")  # as reverse() writes it
            hostile = url.replace(f"/{as_in_url}", f"/{quote(value)}", 1)
            assert hostile != url, (position, argument)
            yield position, label, hostile


def path_failures(client, name: str, world) -> list:
    client.raise_request_exception = False
    failures = []
    for position, label, url in hostile_paths(name, world):
        for method in sorted(GATE[name].methods):
            before = database_rows()
            status = call(client, method, url).status_code
            if status != 404 or tables_written_since(before):
                failures.append((position, label, method, status))
    return failures


@pytest.mark.parametrize("name", PATH_URLS)
def test_a_path_segment_with_a_control_character_names_nothing(client, world, name):
    client.force_login(participant_for(name, world))
    assert not path_failures(client, name, world)


@pytest.mark.parametrize("name", PUBLIC_PATH_URLS)
def test_a_hostile_path_names_nothing_for_a_visitor_either(client, world, name):
    assert not path_failures(client, name, world)


@pytest.mark.parametrize(
    ("field_name", "value"),
    [("display_name", "A\x00B"), ("display_name", "A\r\nBcc: x"), ("display_name", "A\x0cB")],
)
def test_the_signup_form_refuses_control_characters(field_name, value):
    """The sign-up page is allauth's; its form is built on ours."""
    from allauth.account.forms import SignupForm as AllauthSignupForm

    form = AllauthSignupForm({field_name: value})
    assert not form.is_valid()
    assert form.errors[field_name]


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
@pytest.mark.parametrize("moment", DATETIMES.values())
def test_a_far_moment_is_refused_in_every_time_zone(client, world, zone, moment):
    """Far from UTC, the edges of the calendar overflow when converted: refused before."""
    mentor = world["people"]["mentor"]
    mentor.timezone = zone
    mentor.save(update_fields=["timezone"])
    client.force_login(mentor)
    before = database_rows()
    for name in ("meeting_list", "meeting_edit"):
        url = reverse(name, args=args_for(GATE[name].target, world))
        data = {**posted(name, world), "starts_at": moment}
        for headers in ({}, {"HX-Request": "true"}):
            response = call(client, "POST", url, data, **headers)
            assert response.status_code == 400, (name, headers)
            assert "Choose a date between" in response.content.decode()
    assert not tables_written_since(before)
