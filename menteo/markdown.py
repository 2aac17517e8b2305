"""Markdown for what people write (room messages, thread entries, comments).

CommonMark with tables, strikethrough and autolinks, rendered by markdown-it-py with raw HTML
off, then cleaned by nh3 against an allow-list, so whatever a person types is harmless.
Headings are shifted down two levels so they never outrank the page's own headings.
"""

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser(breaks: bool = False) -> MarkdownIt:
    md = MarkdownIt(
        "commonmark", {"html": False, "linkify": True, "typographer": False, "breaks": breaks}
    )
    md.enable(["table", "strikethrough", "linkify"])

    def shift_headings(state) -> None:
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"

    md.core.ruler.push("shift_headings", shift_headings)
    return md


def render_markdown(text: str, *, breaks: bool = False) -> SafeString:
    """Markdown source to safe HTML: links open normally and carry rel="nofollow noopener".

    `breaks=True` keeps single line breaks (chat messages, where Shift+Enter means a new line).
    """
    html = _parser(breaks).render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)
