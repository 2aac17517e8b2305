from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menteo.markdown import ALLOWED_TAGS, render_markdown
from tests.factories import MentorProfileFactory

SAFE_SCHEMES = {"", "http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


def _elements(html: str) -> list[tuple[str, list]]:
    """The elements a browser would build from the HTML, with their attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def assert_harmless(html: str) -> None:
    """What a browser builds from the HTML runs no script and loads nothing dangerous."""
    assert "<script" not in html.lower()
    for tag, attrs in _elements(html):
        assert tag in ALLOWED_TAGS, tag
        attributes = dict(attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (name, html)
            assert name not in {"src", "style", "srcset", "formaction", "action"}, (name, html)
            if name == "href":
                # Browsers ignore tabs, newlines and leading spaces in a scheme.
                squeezed = "".join(ch for ch in value if ch > " ")
                assert urlsplit(squeezed).scheme.lower() in SAFE_SCHEMES, (value, html)
        if tag == "a":
            assert attributes.get("rel") == LINK_REL, html


HOSTILE = [
    # Raw HTML and event attributes
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<object data="javascript:alert(1)"></object>',
    '<form action="https://evil.example"><button>Win</button></form>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    # Nested and broken HTML
    "<div><p><b onclick=alert(1)>x</p>",
    "<<script>script>alert(1)<</script>/script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- --><script>alert(1)</script><!-- -->",
    "<a href='x'<script>alert(1)</script>",
    "</p><img src=x onerror=alert(1)><p>",
    # Links and images with dangerous schemes
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](file:///etc/passwd)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](https://evil.example/track.png)",
    '<img src="javascript:alert(1)">',
    # Markdown link tricks
    '[x](https://a.example "t" onclick="alert(1)")',
    '[x](" onmouseover="alert(1))',
    '[x](https://a.example" onmouseover="alert(1))',
    "[a][r]\n\n[r]: javascript:alert(1)",
    '[a][r]\n\n[r]: https://a.example "x" onclick="alert(1)"',
    "[a][r]\n\n" + r'[r]: https://a.example "x\" onclick=\"alert(1)"',  # escaped quotes
    "[![img](javascript:alert(1))](javascript:alert(2))",
    # Autolinks
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    '<https://ex.example/" onclick="x>',
    "www.example.com/<script>alert(1)</script>",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_is_rendered_harmless(hostile):
    assert_harmless(render_markdown(hostile))


# Pieces that make Markdown and HTML parsers work hard, mixed with arbitrary text.
FRAGMENTS = st.sampled_from(
    [
        "<", ">", "</", "/>", "[", "]", "(", ")", "![", "](", "<script>", "</script>",
        "javascript:", "JaVaScRiPt:", "data:", "vbscript:", " onerror=", " onclick=", "\"",
        "'", "`", "```", "\n", "\n\n", "\t", "&#", "&colon;", ";", "<img src=x", "<a href=",
        "<svg", "<iframe", "http://", "https://", "www.", "*", "_", "~~", "# ", "> ", "- ",
        "|", "\\", "<!--", "-->", "[r]: ", "<style>", "%0a", "\x00", "&lt;",
    ]
)  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_no_generated_text_gets_a_script_through(text):
    assert_harmless(render_markdown(text))


def test_a_safe_link_keeps_its_target_and_title():
    html = render_markdown('[guide](https://example.com/a?b=1&c=2 "The guide")')
    assert 'href="https://example.com/a?b=1&amp;c=2"' in html
    assert 'title="The guide"' in html
    assert_harmless(html)


def test_a_mentor_bio_is_rendered_as_markdown_and_sanitized(client, mentee):
    profile = MentorProfileFactory(
        user__bio="I **love** [docs](https://example.com)\n\n<script>alert(1)</script>"
    )
    client.force_login(mentee)
    response = client.get(reverse("mentor_profile", args=[profile.user.username]))
    html = response.content.decode()
    assert "<strong>love</strong>" in html
    assert '<a href="https://example.com" rel="nofollow noopener noreferrer">docs</a>' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_renders_the_usual_formatting():
    html = render_markdown("# Title\n\n**bold**, _em_, ~~gone~~, `code`\n\n- one\n- two")
    assert "<h3>Title</h3>" in html  # headings never outrank the page's own
    assert "<strong>bold</strong>" in html
    assert "<em>em</em>" in html
    assert "<s>gone</s>" in html
    assert "<code>code</code>" in html
    assert "<li>one</li>" in html


def test_bare_links_become_links_that_do_not_leak_the_referrer():
    html = render_markdown("See https://example.com/guide")
    assert '<a href="https://example.com/guide" rel="nofollow noopener noreferrer">' in html


def test_the_template_filter_renders_and_escapes():
    template = Template("{% load menteo %}{{ body|markdown }}")
    html = template.render(Context({"body": "**hi** <b>raw</b>"}))
    assert "<strong>hi</strong>" in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
