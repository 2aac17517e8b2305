import pytest
from django import forms
from django.test import RequestFactory

from menteo.errors import Invalid
from menteo.params import BIGINT_MAX, NumberField, parse_number, query_number

NOT_NUMBERS = ["١٢", "²", "12a", "twelve", "1e3", "-1", "+1", " 12", "1_000", "12.0", "\x00", ""]


@pytest.mark.parametrize("raw", ["0", "7", "0042", str(BIGINT_MAX)])
def test_it_reads_ascii_digits(raw):
    assert parse_number(raw, name="after") == int(raw)


@pytest.mark.parametrize("raw", [*NOT_NUMBERS, str(BIGINT_MAX + 1), "9" * 40])
def test_it_refuses_anything_else_and_names_the_parameter(raw):
    with pytest.raises(Invalid) as refused:
        parse_number(raw, name="after")
    assert "“after” must be a whole number" in str(refused.value)


def test_it_keeps_a_tighter_maximum():
    with pytest.raises(Invalid):
        parse_number("51", name="capacity", maximum=50)


def test_an_absent_or_empty_parameter_is_none():
    assert query_number(RequestFactory().get("/", {"after": ""}), "after") is None
    assert query_number(RequestFactory().get("/"), "after") is None


class CountForm(forms.Form):
    count = NumberField(required=False)


@pytest.mark.parametrize("raw", ["١٢", "1e3", "-1", "twelve", "12.5", str(BIGINT_MAX + 1)])
def test_the_form_field_shows_an_error_instead(raw):
    form = CountForm({"count": raw})
    assert not form.is_valid()
    assert form.errors["count"]


def test_the_form_field_reads_digits():
    form = CountForm({"count": "12"})
    assert form.is_valid() and form.cleaned_data["count"] == 12
