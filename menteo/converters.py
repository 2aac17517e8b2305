"""Path converters for what a person types or a link carries in a URL: a username, a token.

Django's `str` takes any character but "/", NUL and control characters included; PostgreSQL
refuses NUL in text, so a lookup by such a segment answers 500. Such a segment can name
nothing: `name` does not match it, and the resolver answers 404.
"""

from django.urls import register_converter


class NameConverter:
    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    register_converter(NameConverter, "name")
