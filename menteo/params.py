"""Numbers a person's browser sends: in a query string, a hidden field, a form.

Only ASCII digits name a number here. `str.isdigit()` and `int()` accept more ("١٢", "²",
" 12", "1_000"), and PostgreSQL refuses anything beyond a bigint; what they let through would
answer 500 further down. Anything else is a refusal (`Invalid`, 400) that says which value
is wrong, or a form error for a form field (`NumberField`).
"""

import re

from django import forms
from django.http import HttpRequest

from menteo.errors import Invalid

BIGINT_MAX = 2**63 - 1  # PostgreSQL's bigint, the widest id column
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII only, unlike \d


def parse_number(raw: str, *, name: str, maximum: int = BIGINT_MAX) -> int:
    """`raw` as a whole number from 0 to `maximum`, or `Invalid` naming the parameter."""
    if not _DIGITS.fullmatch(raw) or int(raw) > maximum:
        raise Invalid(f"“{name}” must be a whole number from 0 to {maximum}.")
    return int(raw)


def query_number(request: HttpRequest, name: str, *, maximum: int = BIGINT_MAX) -> int | None:
    """The query parameter `name` as a number; None when it is absent or empty."""
    raw = request.GET.get(name, "")
    return parse_number(raw, name=name, maximum=maximum) if raw else None


def posted_number(request: HttpRequest, name: str, *, maximum: int = BIGINT_MAX) -> int | None:
    """The POSTed field `name` (often a hidden one) as a number; None when absent or empty."""
    raw = request.POST.get(name, "")
    return parse_number(raw, name=name, maximum=maximum) if raw else None


class NumberField(forms.IntegerField):
    """An IntegerField that takes ASCII digits only (not "١٢", "1e3" or "-1"), up to a bigint
    unless the field says less. For ids in hidden fields and for counts."""

    default_error_messages = {"invalid": "Enter a whole number (digits 0 to 9 only)."}

    def __init__(self, *, min_value: int = 0, max_value: int = BIGINT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not _DIGITS.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)
