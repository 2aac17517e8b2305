"""Text made safe for where it leaves the app. Applied on the way out, so text stored before
input was checked (a form feed in a post, a newline in a title) can't break a feed or a file."""

import re

# What XML 1.0 forbids: C0 controls other than tab, newline and carriage return, lone
# surrogates, and U+FFFE/U+FFFF (https://www.w3.org/TR/xml/#charsets).
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an XML 1.0 document may not hold."""
    return _XML_FORBIDDEN.sub("", text)
