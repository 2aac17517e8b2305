from datetime import date

import pytest
import time_machine
from django import forms

from menteo.forms import CheckedInput


class NoteForm(CheckedInput, forms.Form):
    title = forms.CharField(required=False)
    body = forms.CharField(required=False, widget=forms.Textarea)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    due = forms.DateField(required=False)
    at = forms.DateTimeField(required=False)
    since = forms.DateField(required=False)
    since.date_range = (date(2020, 1, 1), 1)


def errors_for(**values) -> dict:
    form = NoteForm(values)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    "text", ["a\x00b", "a\x0cb", "a\x1bb", "a\x7fb", "a\x08b", "a\u202eb", "a\u2066b"]
)
@pytest.mark.parametrize("field", ["title", "body"])
def test_it_refuses_control_characters_in_any_text(field, text):
    assert "not allowed" in " ".join(errors_for(**{field: text})[field])


@pytest.mark.parametrize("text", ["a\nb", "a\r\nb", "a\rb", "a\u2028b", "a\x85b"])
def test_a_one_line_field_refuses_a_line_break(text):
    assert errors_for(title=text)["title"] == ["Keep this to one line."]


def test_a_multi_line_field_keeps_tabs_and_line_breaks():
    assert not errors_for(body="Line one\r\n\tLine two\nÉté ١٢ 😀")


def test_right_to_left_text_and_its_marks_are_kept():
    assert not errors_for(title="\u200fمرحبا\u200e Maya", body="שלום")


def test_a_tab_is_kept_in_one_line_too():
    assert not errors_for(title="Lead\ta team")


def test_a_password_is_left_alone():
    assert not errors_for(secret="a\x01b")


@time_machine.travel("2026-06-15 12:00Z", tick=False)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("due", "9999-12-31"),
        ("due", "1999-12-31"),
        ("due", "2036-06-16"),
        ("at", "9999-12-31 23:59"),
        ("at", "0001-01-01 00:00"),
        ("since", "2027-06-16"),
        ("since", "2019-12-31"),
    ],
)
def test_a_date_out_of_range_is_refused_with_the_range(field, value):
    (error,) = errors_for(**{field: value})[field]
    assert error.startswith("Choose a date between ")


@time_machine.travel("2026-06-15 12:00Z", tick=False)
def test_the_message_says_the_range():
    assert errors_for(due="9999-01-01")["due"] == [
        "Choose a date between 1 January 2000 and 15 June 2036."
    ]


@time_machine.travel("2026-06-15 12:00Z", tick=False)
def test_dates_within_the_range_pass():
    assert not errors_for(due="2036-06-15", at="2000-01-01 00:00", since="2027-06-15")
