import pytest

from menteo.text import without_controls, xml_safe


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


def test_it_drops_control_characters_but_those_kept():
    assert without_controls("a\x0cb\nc\td\x85e", keep="\n") == "ab\ncde"
