"""What people type in a room is stored as HTML that cannot run, style or phone home."""

from html.parser import HTMLParser

import pytest

from menteo.markdown import ALLOWED_TAGS
from tests.factories import make_mentorship, post_message

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    "<form action='https://evil.example'><input name=p></form>",
    '[x](https://example.com "a" onmouseover="alert(1)")',
    "<details open ontoggle=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "`<script>alert(1)</script>`",
    "<<script>script>alert(1)<</script>/script>",
    "<meta http-equiv='refresh' content='0;url=https://evil.example'>",
]


@pytest.fixture
def mentorship(db):
    return make_mentorship(stage="cultivation")


class ElementCollector(HTMLParser):
    """The real elements and attributes a browser would build (escaped text is just text)."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_input_is_harmless(mentorship, body):
    collector = ElementCollector()
    collector.feed(post_message(mentorship, mentorship.mentee, body).body_html)
    for tag, attributes in collector.elements:
        assert tag in ALLOWED_TAGS, tag
        assert set(attributes) <= {"href", "title", "rel", "align"}, attributes
        if "href" in attributes:
            assert attributes["href"].startswith(("https://", "http://", "mailto:")), attributes
            assert attributes["rel"] == "nofollow noopener noreferrer"


def test_links_are_kept_and_marked_nofollow_noopener(mentorship):
    html = post_message(
        mentorship,
        mentorship.mentee,
        "See https://example.com and [the doc](https://docs.example.com)",
    ).body_html
    assert html.count('rel="nofollow noopener noreferrer"') == 2
    assert 'href="https://docs.example.com"' in html


def test_headings_never_outrank_the_page(mentorship):
    html = post_message(mentorship, mentorship.mentee, "# Big\n\nText").body_html
    assert "<h3>Big</h3>" in html and "<h1>" not in html
