from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from menteo.markdown import ALLOWED_TAGS, render_markdown


def _elements(html: str) -> list[tuple[str, list]]:
    """The elements a browser would build from the HTML, with their attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<iframe src="https://evil.example"></iframe>',
        "<svg onload=alert(1)>",
    ],
)
def test_hostile_markup_is_rendered_harmless(hostile):
    for tag, attrs in _elements(render_markdown(hostile)):
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert not name.startswith("on")
            if name == "href":
                assert value.startswith(("http:", "https:", "mailto:"))


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
