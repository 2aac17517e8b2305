import pytest

from menteo.text import xml_safe


@pytest.mark.parametrize(
    ("stored", "safe"),
    [
        ("form\x0cfeed", "formfeed"),
        ("nul\x00 bell\x07 esc\x1b", "nul bell esc"),
        ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),
        ("lone \ud800 surrogate \ufffe", "lone  surrogate "),
        ("émoji 🌱 and \x85 next line", "émoji 🌱 and \x85 next line"),
    ],
)
def test_it_keeps_only_what_xml_allows(stored, safe):
    assert xml_safe(stored) == safe
