"""The stylesheet grows by appended sections, merged from several branches: a lost brace puts
every later section inside the previous block (e.g. `@media print`) without any error."""

import re
from pathlib import Path

from django.conf import settings

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "menteo.css"


def test_every_block_of_the_stylesheet_is_closed():
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.DOTALL)
    depth = 0
    for number, line in enumerate(css.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number} closes a block that was never opened"
    assert depth == 0, f"{depth} block(s) never closed: the sections after them are swallowed"


def test_the_top_level_sections_are_not_nested_in_a_media_query():
    css = STYLESHEET.read_text()
    for section in re.finditer(r"^/\* === (?P<name>[\w -]+?) ", css, flags=re.MULTILINE):
        before = re.sub(r"/\*.*?\*/", "", css[: section.start()], flags=re.DOTALL)
        assert before.count("{") == before.count("}"), f"section {section['name']} is nested"
