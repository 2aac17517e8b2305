"""What every form of the project checks before a view sees a value: `CheckedInput`.

Put first among a form's bases (`class MilestoneForm(CheckedInput, forms.Form)`); a test fails
for a form of the project without it. From the field's own kind and widget, it adds:

- to text: no control characters (PostgreSQL refuses NUL; a form feed makes a feed's XML or a
  calendar invalid) but tab. A multi-line field (a `Textarea`) keeps newline and carriage return;
  a one-line field refuses line breaks too: its text ends up in email subjects and calendar
  summaries, which are one line;
- to dates and date-times: a range, by default from 2000 to ten years ahead (a field can say
  otherwise with `field.date_range = (earliest, years_ahead)`). What is far away breaks the
  calendars and the pages that count days; the message says the range.

The checks are validators, so they run with the field's own and show as the field's errors.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 10

# C0 controls and DEL. Tab is kept everywhere (pasted text has it; XML, iCalendar and mail
# headers take it); a multi-line field keeps \n \r too.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What ends a line for a person or a mail reader (the other C0 ones that str.splitlines()
# takes for line ends, \x0b \x0c \x1c-\x1e, are refused as control characters).
_LINE_BREAK = re.compile(r"[\n\r\x85\u2028\u2029]")
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees (a name
# can be made to read as another). The marks U+200E/U+200F, which right-to-left text needs,
# are kept.
_BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def refuse_control_characters(text, *, multi_line: bool) -> None:
    if not isinstance(text, str):
        return
    if not multi_line and _LINE_BREAK.search(text):
        raise ValidationError("Keep this to one line.", code="line_break")
    if (_CONTROL_IN_LINES if multi_line else _CONTROL).search(text) or _BIDI_CONTROL.search(text):
        raise ValidationError(
            "This text contains a character that is not allowed (a control character or a "
            "direction override).",
            code="control_character",
        )


class TextValidator:
    def __init__(self, *, multi_line: bool):
        self.multi_line = multi_line

    def __call__(self, text) -> None:
        refuse_control_characters(text, multi_line=self.multi_line)


class DateRangeValidator:
    """From `earliest` to `years_ahead` years after today (the day a person submits)."""

    def __init__(self, earliest: date = EARLIEST, years_ahead: int = YEARS_AHEAD):
        self.earliest = earliest
        self.years_ahead = years_ahead

    def latest(self) -> date:
        today = timezone.localdate()
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def __call__(self, value) -> None:
        if isinstance(value, datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        latest = self.latest()
        if not self.earliest <= value <= latest:
            raise ValidationError(
                f"Choose a date between {self.earliest:%-d %B %Y} and {latest:%-d %B %Y}.",
                code="date_range",
            )


def check_field(field: forms.Field) -> None:
    """Add the checks that fit the field's kind (once)."""
    if getattr(field, "input_checked", False):
        return
    field.input_checked = True
    if isinstance(field, forms.CharField) and not isinstance(
        field.widget,
        forms.PasswordInput,  # hashed, never shown or sent anywhere
    ):
        multi_line = isinstance(field.widget, forms.Textarea)
        field.validators.append(TextValidator(multi_line=multi_line))
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(DateRangeValidator(*getattr(field, "date_range", ())))


class CheckedInput:
    """Mixin for every form of the project: see the module docstring."""

    def full_clean(self):
        # Here rather than in __init__: some forms (allauth's) add fields after it.
        for field in self.fields.values():
            check_field(field)
        super().full_clean()
